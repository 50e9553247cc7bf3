namespace Ideation.Scanner.Api;

/// <summary>Role of the platform's service identities allowed to use the scanner.</summary>
public static class ScannerRoles
{
    public const string Scanner = "scanner";
}
