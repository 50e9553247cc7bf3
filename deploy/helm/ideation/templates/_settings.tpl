{{/*
Settings that several components must agree on, each derived from one value and checked, so that
no combination of values can deploy a platform that loses uploads or scans.
*/}}

{{/* TimeSpan text .NET configuration reads ("d.hh:mm:ss") from a number of seconds. */}}
{{- define "ideation.timespan" -}}
{{- $seconds := int . -}}
{{- printf "%d.%02d:%02d:%02d" (div $seconds 86400) (mod (div $seconds 3600) 24) (mod (div $seconds 60) 60) (mod $seconds 60) -}}
{{- end -}}

{{/* documents' upload limit (Documents:Upload:MaxBytes), in bytes. */}}
{{- define "ideation.uploadMaxBytes" -}}
{{- mul .Values.uploads.maxMiB 1048576 -}}
{{- end -}}

{{/*
What clamd reads of one stream (StreamMaxLength = MaxFileSize = MaxScanSize), in MiB: above the upload
limit, or an accepted document could never be scanned whole. documents refuses to start unless
MaxBytes < ScannerStreamLimitBytes; the gateway lets uploads of this size through so that documents
answers an oversized upload with its own exact error.
*/}}
{{- define "ideation.scannerStreamLimitMiB" -}}
{{- if lt (int .Values.uploads.scannerHeadroomMiB) 1 -}}
{{- fail "uploads.scannerHeadroomMiB must be at least 1: clamd must read more than the largest accepted upload" -}}
{{- end -}}
{{- add .Values.uploads.maxMiB .Values.uploads.scannerHeadroomMiB -}}
{{- end -}}

{{- define "ideation.scannerStreamLimitBytes" -}}
{{- mul (include "ideation.scannerStreamLimitMiB" . | int) 1048576 -}}
{{- end -}}

{{/* The longest scan (Scanner:Jobs:ScanTimeout), storage read included, in seconds. */}}
{{- define "ideation.scanTimeoutSeconds" -}}
{{- int .Values.scanning.scanTimeoutSeconds -}}
{{- end -}}

{{/*
What the scanner's host adds to the scan timeout on shutdown (ScanJobSetup.ShutdownMargin): time for
the calls around a scan (claim, verdict, acknowledgement).
*/}}
{{- define "ideation.scannerShutdownMarginSeconds" -}}
30
{{- end -}}

{{/*
documents' scan lease (Documents:Scan:Lease), in seconds: twice the scan timeout unless set. It must
outlast the longest scan and the calls around it, or a slow scan is claimed twice.
*/}}
{{- define "ideation.scanLeaseSeconds" -}}
{{- $timeout := include "ideation.scanTimeoutSeconds" . | int -}}
{{- $lease := int .Values.scanning.leaseSeconds -}}
{{- if eq $lease 0 -}}
{{- $lease = mul $timeout 2 | int -}}
{{- end -}}
{{- $minimum := add $timeout (include "ideation.scannerShutdownMarginSeconds" . | int) -}}
{{- if le $lease $minimum -}}
{{- fail (printf "scanning.leaseSeconds (%d) must be longer than scanning.scanTimeoutSeconds + %ds (%d): a lease that ends during a scan lets a second scanner claim it" $lease (include "ideation.scannerShutdownMarginSeconds" . | int) $minimum) -}}
{{- end -}}
{{- $lease -}}
{{- end -}}

{{/*
When a scanner takes over another's unacknowledged job (Scanner:Jobs:ClaimIdle), in seconds: a
minute after the lease ends, so that the new claim finds the lease expired and a live scanner's job
is never taken.
*/}}
{{- define "ideation.scanClaimIdleSeconds" -}}
{{- add (include "ideation.scanLeaseSeconds" . | int) 60 -}}
{{- end -}}

{{/*
The scanner pod's terminationGracePeriodSeconds: the preStop delay, then the host's shutdown timeout
(the scan timeout + its margin) for the running scans to finish, then 15 s for the process to exit.
An explicit scanner.terminationGracePeriodSeconds below that is refused.
*/}}
{{- define "ideation.scannerGracePeriodSeconds" -}}
{{- $required := add .Values.preStopSleepSeconds (include "ideation.scanTimeoutSeconds" . | int) (include "ideation.scannerShutdownMarginSeconds" . | int) 15 -}}
{{- $grace := int .Values.scanner.terminationGracePeriodSeconds -}}
{{- if eq $grace 0 -}}
{{- $grace = $required | int -}}
{{- end -}}
{{- if lt $grace $required -}}
{{- fail (printf "scanner.terminationGracePeriodSeconds (%d) must be at least %d: preStopSleepSeconds + scanning.scanTimeoutSeconds + %ds shutdown margin + 15 s, or Kubernetes kills running scans" $grace $required (include "ideation.scannerShutdownMarginSeconds" . | int)) -}}
{{- end -}}
{{- $grace -}}
{{- end -}}
