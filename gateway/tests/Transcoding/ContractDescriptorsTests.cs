using Ideation.Gateway.Transcoding;

namespace Ideation.Gateway.Tests.Transcoding;

public sealed class ContractDescriptorsTests
{
    [Fact]
    public void Finds_every_proto_file_compiled_into_an_assembly()
    {
        var files = ContractDescriptors.FromAssembly(typeof(Ideation.Contracts.Ideas.V1.IdeaService).Assembly);

        Assert.Contains(files, file => file.Name == "ideation/ideas/v1/ideas.proto");
        Assert.Equal(files.Select(file => file.Name).Order(StringComparer.Ordinal), files.Select(file => file.Name));
        Assert.Equal(files.Count, files.Select(file => file.Name).Distinct().Count());
    }

    [Fact]
    public void Finds_test_protos_the_same_way() =>
        Assert.Equal(["ideation/testing/v1/transcoding_test.proto"],
            ContractDescriptors.FromAssembly(typeof(ContractDescriptorsTests).Assembly).Select(file => file.Name));
}
