namespace FourierGen.Tests.Structured;

// Small networks of each stationary mapping in 1, 2 and 3 dimensions for the structured (grid) solvers. The kernel
// does not depend on the hidden widths' values beyond the recursion, so they stay small; three outputs exercise the
// solvers' pairing of two outputs per complex FFT and a lone third one.

[FourierNetwork(1, 3, Hidden = [64, 64])]
[BasicFeatures]
public partial class Basic1Net;

[FourierNetwork(1, 3, Hidden = [64, 64])]
[PositionalEncoding(16, 5f)]
public partial class Positional1Net;

[FourierNetwork(1, 3, Hidden = [64, 64])]
[GaussianFeatures(64, 10f)]
public partial class Gaussian1Net;

[FourierNetwork(2, 3, Hidden = [64, 64])]
[BasicFeatures]
public partial class Basic2Net;

[FourierNetwork(2, 3, Hidden = [64, 64])]
[PositionalEncoding(16, 5f)]
public partial class Positional2Net;

[FourierNetwork(2, 3, Hidden = [64, 64])]
[GaussianFeatures(64, 10f)]
public partial class Gaussian2Net;

[FourierNetwork(3, 3, Hidden = [64, 64])]
[BasicFeatures]
public partial class Basic3Net;

[FourierNetwork(3, 3, Hidden = [64, 64])]
[PositionalEncoding(8, 3f)]
public partial class Positional3Net;

[FourierNetwork(3, 3, Hidden = [64, 64])]
[GaussianFeatures(64, 4f)]
public partial class Gaussian3Net;

/// <summary>Raw coordinates: a non-stationary NTK, which the grid solvers must refuse.</summary>
[FourierNetwork(2, 3, Hidden = [64, 64])]
public partial class Raw2Net;
