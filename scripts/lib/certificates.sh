# A self-signed development certificate for the gateway's HTTPS listener.

# ensure_dev_certificate DIR: writes DIR/gateway.crt and DIR/gateway.key unless they exist.
ensure_dev_certificate() {
  local dir=$1
  mkdir -p "$dir"
  if [ ! -f "$dir/gateway.crt" ]; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
      -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
      -keyout "$dir/gateway.key" -out "$dir/gateway.crt" 2>/dev/null
    chmod 600 "$dir/gateway.key"
  fi
}
