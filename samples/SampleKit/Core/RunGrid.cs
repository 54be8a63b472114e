namespace SampleKit;

/// <summary>One run of an experiment's grid.</summary>
/// <param name="Item">Index of the item (image, volume, mesh).</param>
/// <param name="ItemName">The item's name.</param>
/// <param name="Mapping">The mapping.</param>
/// <param name="Seed">The network's seed.</param>
public sealed record GridRun(int Item, string ItemName, MappingToken Mapping, int Seed)
{
    /// <summary>"item mapping" (with the seed when it is not 0).</summary>
    public string Label => RunRecord.RunLabel(ItemName, Mapping.Token, Seed);
}

/// <summary>The grid of runs of an experiment: items × mappings × seeds, item-major, cut into shards.</summary>
public static class RunGrid
{
    /// <summary>
    /// Every run, item by item, mapping by mapping, seed by seed; a gridopt mapping (no network, nothing random) runs with the
    /// first seed only. Then the runs of <paramref name="shard"/>.
    /// </summary>
    public static IReadOnlyList<GridRun> Build(IReadOnlyList<string> items, IReadOnlyList<MappingToken> mappings, IReadOnlyList<int> seeds, Shard shard)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(mappings);
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(shard);
        var grid = new List<GridRun>();
        for (int item = 0; item < items.Count; item++)
        {
            foreach (MappingToken mapping in mappings)
            {
                foreach (int seed in mapping.Kind == MappingKind.GridOpt ? seeds.Take(1) : seeds)
                {
                    grid.Add(new GridRun(item, items[item], mapping, seed));
                }
            }
        }

        return shard.Select(grid);
    }
}
