// Each platform is a dozen processes on a two-core machine: one at a time keeps timings sane.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
