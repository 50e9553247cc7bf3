using Ideation.Scanner;

ScannerHost.Create(args).Run();
