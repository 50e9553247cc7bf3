using System.Runtime.CompilerServices;

// The route table, binders and formatters are internal; their unit tests live in the gateway tests.
[assembly: InternalsVisibleTo("Ideation.Gateway.Tests")]
