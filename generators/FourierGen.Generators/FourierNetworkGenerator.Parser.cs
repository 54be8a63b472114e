using System.Collections.Generic;
using System.Linq;
using System.Threading;
using FourierGen.CompilerServices;
using FourierGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FourierGen.Generators;

public sealed partial class FourierNetworkGenerator
{
    /// <summary>
    /// Turns one [FourierNetwork] declaration into an equatable <see cref="NetworkSpec"/> (with errors, a stub's) and
    /// its diagnostics. An omitted argument takes its value from <see cref="AttributeDefaults"/>, the definition the
    /// attributes' own initialisers use.
    /// </summary>
    internal sealed class Parser
    {
        private const string MappingBaseName = "FourierGen.FeatureMappingAttribute";

        private readonly List<DiagnosticInfo> _diagnostics = new();
        private readonly CancellationToken _cancellationToken;
        private bool _hasErrors;
        private DiagnosticLocation? _weightsLocation;

        private readonly Compilation _compilation;

        private Parser(Compilation compilation, CancellationToken cancellationToken)
        {
            _compilation = compilation;
            _cancellationToken = cancellationToken;
        }

        public static ParsedDeclaration Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var parser = new Parser(context.SemanticModel.Compilation, cancellationToken);
            NetworkSpec? spec = parser.ParseNetwork((INamedTypeSymbol)context.TargetSymbol, (TypeDeclarationSyntax)context.TargetNode, context.Attributes[0]);
            return new ParsedDeclaration(spec, parser._diagnostics.ToEquatableArray(), parser._weightsLocation);
        }

        private NetworkSpec? ParseNetwork(INamedTypeSymbol type, TypeDeclarationSyntax syntax, AttributeData networkAttribute)
        {
            if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
            {
                // [FourierNetwork] on an interface is the compiler's CS0592; code generated into it could only add errors.
                return null;
            }

            INamespaceOrTypeSymbol container = (INamespaceOrTypeSymbol?)type.ContainingType ?? type.ContainingNamespace;
            if (container.GetTypeMembers(type.Name, type.Arity).Length > 1)
            {
                // Partial declarations of different kinds (class and struct) are two types of one name, the compiler's CS0261;
                // code generated into both could only add errors (and once, with one file name for both, made the generator throw).
                return null;
            }

            if (!DeclaresFirstNetworkAttribute(type, syntax))
            {
                // [FourierNetwork] on two partial declarations is CS0579; generating for both would add the same file twice.
                return null;
            }

            TypeSpec? typeSpec = ParseType(type, syntax);
            var network = new AttributeArguments(networkAttribute, _cancellationToken);
            if (typeSpec is null || !network.IsBound)
            {
                // Unbound arguments already have compiler errors; a second report would only add noise.
                return null;
            }

            int inputs = network.GetValue("inputs", 0);
            int outputs = network.GetValue("outputs", 0);
            Check(inputs >= 1 && inputs <= NetworkLimits.MaxInputs, DiagnosticDescriptors.InputsOutOfRange, network.LocationOf("inputs"), inputs, NetworkLimits.MaxInputs);
            Check(outputs >= 1 && outputs <= NetworkLimits.MaxOutputs, DiagnosticDescriptors.OutputsOutOfRange, network.LocationOf("outputs"), outputs, NetworkLimits.MaxOutputs);

            // Hidden = null would otherwise silently mean the default widths; [] is the way to say "no hidden layers".
            Check(network.Get("Hidden") is not { Kind: TypedConstantKind.Array, IsNull: true }, DiagnosticDescriptors.HiddenIsNull, network.LocationOf("Hidden"));
            int[] hidden = network.GetArray("Hidden")?.Select(c => c.Value is int w ? w : 0).ToArray() ?? AttributeDefaults.Hidden;
            Check(hidden.Length <= NetworkLimits.MaxHiddenLayers, DiagnosticDescriptors.TooManyHiddenLayers, network.LocationOf("Hidden"), hidden.Length, NetworkLimits.MaxHiddenLayers);
            for (int k = 0; k < hidden.Length; k++)
            {
                // Layers count from 1 in messages: "hidden layer 1" is the first. The element's place only when reporting: finding it is not free.
                if (hidden[k] < 1 || hidden[k] > NetworkLimits.MaxHiddenWidth)
                {
                    Report(DiagnosticDescriptors.HiddenWidthOutOfRange, network.LocationOfElement("Hidden", k), k + 1, hidden[k], NetworkLimits.MaxHiddenWidth);
                }
            }

            var hiddenActivation = ParseEnum(network, "Activation", "Activation", AttributeDefaults.HiddenActivation);
            var outputActivation = ParseEnum(network, "OutputActivation", "Activation", AttributeDefaults.OutputActivation);
            var parameterization = ParseEnum(network, "Parameterization", "Parameterization", AttributeDefaults.Parameterization);
            var initialization = ParseEnum(network, "Initialization", "Initialization", AttributeDefaults.Initialization);
            double weightStd = ParseStd(network, "WeightStd", AttributeDefaults.WeightStd);
            double biasStd = ParseStd(network, "BiasStd", AttributeDefaults.BiasStd);
            bool bias = network.GetValue("Bias", AttributeDefaults.Bias);
            string? weights = network.GetValue<string?>("Weights", null);
            if (weights is not null)
            {
                _weightsLocation = DiagnosticLocation.From(network.LocationOf("Weights"));
                Check(weights.Trim().Length > 0, DiagnosticDescriptors.WeightsFileNotFound, network.LocationOf("Weights"), weights);
            }

            MappingSpec mapping = ParseMapping(type, inputs);
            NetworkSpec Spec() => new(typeSpec, inputs, outputs, hidden.ToEquatableArray(), hiddenActivation, outputActivation,
                parameterization, weightStd, biasStd, bias, initialization, mapping, weights, _hasErrors);

            if (!_hasErrors)
            {
                // Every size is within its limit, but together they may not fit 'const int ParameterCount' (and one float[] block).
                long parameterCount = Planner.ParameterCount(Spec());
                Check(parameterCount <= NetworkLimits.MaxParameters, DiagnosticDescriptors.TooManyParameters, network.LocationOf("Hidden"), parameterCount, NetworkLimits.MaxParameters);
            }

            if (!_hasErrors && ValueChecks.ForwardOverflow(Spec()) is { } forwardOverflow)
            {
                string culprit = network.Get("WeightStd") is not null || network.Get("BiasStd") is null ? "WeightStd" : "BiasStd";
                Report(DiagnosticDescriptors.ForwardPassOverflows, network.LocationOf(culprit), forwardOverflow);
            }

            if (!_hasErrors && !Spec().HasAnalyticKernel)
            {
                Report(DiagnosticDescriptors.KernelUnavailable, network.LocationOf("Activation"), hiddenActivation);
            }

            NetworkSpec result = Spec();

            // Each check reports every problem it finds; any one means the generated part could not compile, so none is generated.
            bool namesFree = CheckGeneratedNamesAreFree(type, syntax, result);
            bool baseSupported = CheckBaseType(type, syntax);
            bool namespacesVisible = CheckGlobalNamespacesAreVisible(type, syntax);
            bool nameFits = CheckMetadataNameLength(type, syntax);
            if (!(namesFree && baseSupported && namespacesVisible && nameFits))
            {
                return null;
            }

            // FG0036 leaves a generated part that compiles: the spec taken again carries the error, so the part is stubs.
            CheckConstructorsChainToTheGeneratedOne(type);
            return _hasErrors ? Spec() : result;
        }

        /// <summary>
        /// FG0036 for a constructor of the user's without <c>: this(...)</c>: only the generated constructor creates the core, so
        /// a network made by any other chain has none (the generated part still compiles; the error is the only way to know).
        /// </summary>
        private void CheckConstructorsChainToTheGeneratedOne(INamedTypeSymbol type)
        {
            foreach (IMethodSymbol constructor in type.InstanceConstructors.Where(c => !c.IsImplicitlyDeclared))
            {
                foreach (SyntaxReference reference in constructor.DeclaringSyntaxReferences)
                {
                    // (A constructor of the generated one's signature never gets here: FG0028 has stopped generation.)
                    if (reference.GetSyntax() is ConstructorDeclarationSyntax declaration
                        && !declaration.Initializer.IsKind(SyntaxKind.ThisConstructorInitializer))
                    {
                        Report(DiagnosticDescriptors.ConstructorSkipsGeneratedConstructor, declaration.Identifier.GetLocation(),
                            type.Name + "(" + string.Join(", ", constructor.Parameters.Select(p => p.Type.ToDisplayString())) + ")", type.Name);
                    }
                }
            }
        }

        /// <summary>The names generated code uses in FourierGen: types (which a source type or namespace of the same full name hides) and namespaces (which only a type hides).</summary>
        private static readonly string[] s_runtimeTypes =
            ["IFourierNetwork", "IAnalyticNetwork", "Trainer", "TrainerOptions", "Activation", "Parameterization", "Initialization", "FrequencyDistribution"];

        private static readonly string[] s_runtimeNamespaces = ["CompilerServices", "Generated"];

        private static readonly string[] s_compilerServicesTypes = ["NetworkCore", "NetworkLayout", "MappingPlan", "LayerPlan", "NetworkStub"];

        /// <summary>
        /// FG0035 for a declaration of the user's that hides a name generated code spells out: a type System or FourierGen in the
        /// global namespace (<c>global::System</c> then means the type, CS0437 only warns), a namespace or type
        /// FourierGen.Activation and the like (it wins over the runtime's type), a type FourierGen.CompilerServices.
        /// </summary>
        private bool CheckGlobalNamespacesAreVisible(INamedTypeSymbol type, TypeDeclarationSyntax syntax)
        {
            var hidden = new List<string>();
            foreach (string name in new[] { "System", "FourierGen" })
            {
                if (_compilation.GlobalNamespace.GetTypeMembers(name).Any(InSource))
                {
                    hidden.Add(name);
                }
            }

            if (_compilation.GlobalNamespace.GetNamespaceMembers().FirstOrDefault(n => n.Name == "FourierGen") is { } fourierGen)
            {
                hidden.AddRange(s_runtimeTypes.Where(name => fourierGen.GetMembers(name).Any(InSource)).Select(name => "FourierGen." + name));
                hidden.AddRange(s_runtimeNamespaces.Where(name => fourierGen.GetTypeMembers(name).Any(InSource)).Select(name => "FourierGen." + name));
                if (fourierGen.GetNamespaceMembers().FirstOrDefault(n => n.Name == "CompilerServices") is { } compilerServices)
                {
                    hidden.AddRange(s_compilerServicesTypes.Where(name => compilerServices.GetMembers(name).Any(InSource))
                        .Select(name => "FourierGen.CompilerServices." + name));
                }
            }

            // Each generated file declares a file-local class FourierGen.Generated.Plan. A user's type of that name elsewhere
            // is harmless, but the network's own outermost type gets its partial half in that very file: two definitions of
            // one name in one file (CS9071; found by the fuzzer, seed 19).
            INamedTypeSymbol outermost = type;
            while (outermost.ContainingType is { } containing)
            {
                outermost = containing;
            }

            if (outermost.Name == GeneratedMembers.PlanClass && outermost.ContainingNamespace.ToDisplayString() == "FourierGen.Generated")
            {
                hidden.Add("FourierGen.Generated." + GeneratedMembers.PlanClass);
            }

            foreach (string name in hidden)
            {
                Report(DiagnosticDescriptors.NamespaceHidden, syntax.Identifier.GetLocation(), type.Name, name);
            }

            return hidden.Count == 0;

            static bool InSource(ISymbol symbol) => symbol.Locations.Any(l => l.IsInSource);
        }

        /// <summary>The longest name a generated member has in metadata: the explicit implementation of IFourierNetwork&lt;T&gt;.ParameterCount's getter.</summary>
        private const string LongestMemberName = "global::FourierGen.IFourierNetwork<{0}>.get_ParameterCount";

        /// <summary>Metadata stores names of at most 1023 UTF-8 bytes (CS7013 at emit).</summary>
        private const int MaxMetadataNameBytes = 1023;

        /// <summary>FG0034 when the generated members' metadata names, which spell the type's full name, would exceed the limit.</summary>
        private bool CheckMetadataNameLength(INamedTypeSymbol type, TypeDeclarationSyntax syntax)
        {
            string longest = string.Format(System.Globalization.CultureInfo.InvariantCulture, LongestMemberName, type.ToDisplayString());
            int bytes = System.Text.Encoding.UTF8.GetByteCount(longest);
            if (bytes <= MaxMetadataNameBytes)
            {
                return true;
            }

            Report(DiagnosticDescriptors.NameTooLong, syntax.Identifier.GetLocation(), type.Name.Length > 40 ? type.Name.Substring(0, 40) + "…" : type.Name,
                bytes, MaxMetadataNameBytes, bytes - MaxMetadataNameBytes);
            return false;
        }

        /// <summary>
        /// FG0028 for each member the user declares or inherits under a name the generated part declares (the generated part
        /// would not compile, or would hide it), for the type named like one (CS0542), and for a constructor of the
        /// generated constructor's signature.
        /// </summary>
        private bool CheckGeneratedNamesAreFree(INamedTypeSymbol type, TypeDeclarationSyntax syntax, NetworkSpec spec)
        {
            bool free = true;
            Location typeLocation = syntax.Identifier.GetLocation();
            foreach (string name in GeneratedMembers.Of(spec))
            {
                if (type.Name == name)
                {
                    Report(DiagnosticDescriptors.GeneratedMemberConflict, typeLocation, type.Name, name, "the type itself");
                    free = false;
                    continue;
                }

                ISymbol? own = type.GetMembers(name).FirstOrDefault(m => !m.IsImplicitlyDeclared);
                ISymbol? inherited = own is null ? InheritedMember(type, name) : null;
                if ((own ?? inherited) is { } member)
                {
                    string conflict = own is not null ? "a " + Describe(member) + " declared in it" : "a " + Describe(member) + " inherited from '" + member.ContainingType.Name + "'";
                    Location location = own?.Locations.FirstOrDefault(l => l.IsInSource) ?? typeLocation;
                    Report(DiagnosticDescriptors.GeneratedMemberConflict, location, type.Name, name, conflict);
                    free = false;
                }
            }

            foreach (IMethodSymbol constructor in type.InstanceConstructors.Where(c => !c.IsImplicitlyDeclared))
            {
                if (HasGeneratedConstructorSignature(constructor, GeneratedMembers.IsStruct(spec.Type)))
                {
                    Report(DiagnosticDescriptors.GeneratedMemberConflict, constructor.Locations.FirstOrDefault(l => l.IsInSource) ?? typeLocation,
                        type.Name, type.Name + "(" + string.Join(", ", constructor.Parameters.Select(p => p.Type.ToDisplayString())) + ")",
                        "a constructor with the generated constructor's parameter types");
                    free = false;
                }
            }

            return free;
        }

        private ISymbol? InheritedMember(INamedTypeSymbol type, string name)
        {
            for (INamedTypeSymbol? ancestor = type.BaseType; ancestor is not null; ancestor = ancestor.BaseType)
            {
                ISymbol? member = ancestor.GetMembers(name)
                    .FirstOrDefault(m => !m.IsImplicitlyDeclared && m.DeclaredAccessibility != Accessibility.Private && _compilation.IsSymbolAccessibleWithin(m, type));
                if (member is not null)
                {
                    return member;
                }
            }

            return null;
        }

        /// <summary>
        /// (int, float?, ReadOnlySpan&lt;float&gt;, ReadOnlySpan&lt;float&gt;), the public one, (NetworkCore), the private one, or
        /// () in a struct, whose parameterless constructor is generated (it creates the seed-0 network).
        /// </summary>
        private static bool HasGeneratedConstructorSignature(IMethodSymbol constructor, bool isStruct)
        {
            string[] parameters = constructor.Parameters.Select(p => p.Type.ToDisplayString()).ToArray();
            return parameters.SequenceEqual(["int", "float?", "System.ReadOnlySpan<float>", "System.ReadOnlySpan<float>"])
                || parameters.SequenceEqual(["FourierGen.CompilerServices.NetworkCore"])
                || (isStruct && parameters.Length == 0);
        }

        private static string Describe(ISymbol member) => member switch
        {
            IMethodSymbol => "method",
            IPropertySymbol => "property",
            IFieldSymbol => "field",
            IEventSymbol => "event",
            ITypeSymbol => "nested type",
            _ => "member",
        };

        /// <summary>
        /// FG0029 for a base class the generated part cannot build on: a network (two IFourierNetwork&lt;TSelf&gt;
        /// implementations conflict), or a class without an accessible constructor callable without arguments (the
        /// generated constructor calls it implicitly).
        /// </summary>
        private bool CheckBaseType(INamedTypeSymbol type, TypeDeclarationSyntax syntax)
        {
            if (type.TypeKind != TypeKind.Class || type.BaseType is not { } baseType || baseType.SpecialType == SpecialType.System_Object)
            {
                return true;
            }

            Location location = syntax.Identifier.GetLocation();
            for (INamedTypeSymbol? ancestor = baseType; ancestor is not null; ancestor = ancestor.BaseType)
            {
                bool isNetwork = ancestor.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == FourierNetworkAttributeName)
                    || ancestor.AllInterfaces.Any(i => i.ContainingNamespace?.ToDisplayString() == "FourierGen" && i.Name == "IFourierNetwork");
                if (isNetwork)
                {
                    Report(DiagnosticDescriptors.UnsupportedBaseType, location, type.Name, baseType.Name,
                        "it is a network (or derives from one), and a network's IFourierNetwork<TSelf> members would conflict with the base's");
                    return false;
                }
            }

            bool constructible = baseType.InstanceConstructors.Any(c =>
                c.Parameters.All(p => p.IsOptional || p.IsParams) && _compilation.IsSymbolAccessibleWithin(c, type, throughType: type));
            if (!constructible)
            {
                Report(DiagnosticDescriptors.UnsupportedBaseType, location, type.Name, baseType.Name,
                    "it has no accessible constructor that takes no arguments, which the generated constructor calls");
                return false;
            }

            return true;
        }

        /// <summary>Whether <paramref name="syntax"/> is the declaration carrying the type's first [FourierNetwork].</summary>
        private static bool DeclaresFirstNetworkAttribute(INamedTypeSymbol type, TypeDeclarationSyntax syntax)
        {
            SyntaxReference? first = type.GetAttributes()
                .FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == FourierNetworkAttributeName)?.ApplicationSyntaxReference;
            return first is null || (first.SyntaxTree == syntax.SyntaxTree && syntax.Span.Contains(first.Span));
        }

        private TypeSpec? ParseType(INamedTypeSymbol type, TypeDeclarationSyntax syntax)
        {
            Location location = syntax.Identifier.GetLocation();
            bool partial = syntax.Modifiers.Any(SyntaxKind.PartialKeyword);
            var containing = new List<ContainingTypeSpec>();
            bool generic = type.IsGenericType;
            bool fileLocal = type.IsFileLocal;
            for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                generic |= outer.IsGenericType;
                fileLocal |= outer.IsFileLocal;
                var outerSyntax = outer.DeclaringSyntaxReferences.Select(r => r.GetSyntax(_cancellationToken)).OfType<TypeDeclarationSyntax>().ToList();
                partial &= outerSyntax.Count > 0 && outerSyntax.All(s => s.Modifiers.Any(SyntaxKind.PartialKeyword));
                containing.Insert(0, new ContainingTypeSpec(KeywordOf(outer), EscapeKeyword(outer.Name)));
            }

            Check(partial, DiagnosticDescriptors.TypeNotPartial, location, type.Name);
            Check(!generic, DiagnosticDescriptors.GenericTypeNotSupported, location, type.Name);
            Check(!type.IsStatic, DiagnosticDescriptors.StaticTypeNotSupported, location, type.Name);

            // A ref struct cannot be IFourierNetwork<TSelf>'s TSelf (CS9244 in generated code).
            Check(!type.IsRefLikeType, DiagnosticDescriptors.RefStructNotSupported, location, type.Name);

            // A generated part in another file would declare a second, unrelated type of the same name.
            Check(!fileLocal, DiagnosticDescriptors.FileLocalTypeNotSupported, location, type.Name);

            // The generated constructor cannot chain to a primary constructor (CS8862 in generated code).
            ParameterListSyntax? primaryConstructor = type.DeclaringSyntaxReferences
                .Select(r => r.GetSyntax(_cancellationToken)).OfType<TypeDeclarationSyntax>()
                .Select(d => d.ParameterList).FirstOrDefault(p => p is not null);
            Check(primaryConstructor is null, DiagnosticDescriptors.PrimaryConstructorNotSupported, primaryConstructor?.GetLocation(), type.Name);
            // Load and Baked construct the type (CS0144 in generated code); its stubs, which construct nothing, compile.
            bool isAbstract = type.IsAbstract && !type.IsStatic;
            Check(!isAbstract, DiagnosticDescriptors.AbstractTypeNotSupported, location, type.Name);

            // Anything generated into these types would itself be a compiler error: report, generate nothing.
            if (!partial || generic || type.IsStatic || type.IsRefLikeType || fileLocal || primaryConstructor is not null)
            {
                return null;
            }

            string? ns = type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString();
            return new TypeSpec(ns, containing.ToEquatableArray(), KeywordOf(type), EscapeKeyword(type.Name));
        }

        /// <summary>
        /// A type name as C# must spell it: <c>@class</c> for a type named class, and <c>@partial</c>, <c>@record</c>, <c>@var</c> for
        /// contextual keywords too, which generated signatures (<c>public static partial Load(…)</c>) would otherwise read as
        /// keywords (the namespace's display string is escaped already).
        /// </summary>
        private static string EscapeKeyword(string name) =>
            SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None && SyntaxFacts.GetContextualKeywordKind(name) == SyntaxKind.None ? name : "@" + name;

        private static string KeywordOf(INamedTypeSymbol type) => (type.IsRecord, type.TypeKind) switch
        {
            (true, TypeKind.Struct) => "record struct",
            (true, _) => "record",
            (false, TypeKind.Struct) => "struct",
            (false, TypeKind.Interface) => "interface",
            _ => "class",
        };

        private MappingSpec ParseMapping(INamedTypeSymbol type, int inputs)
        {
            var mappings = type.GetAttributes()
                .Where(a => a.AttributeClass?.BaseType?.ToDisplayString() == MappingBaseName)
                .Select(a => new AttributeArguments(a, _cancellationToken))
                .ToList();
            if (mappings.Count == 0)
            {
                return MappingSpec.None;
            }

            for (int k = 1; k < mappings.Count; k++)
            {
                Report(DiagnosticDescriptors.MultipleMappings, mappings[k].Location, type.Name, mappings[0].Name, mappings[k].Name);
            }

            AttributeArguments mapping = mappings[0];
            if (!mapping.IsBound)
            {
                _hasErrors = true; // the compiler reports the argument error
                return MappingSpec.None;
            }

            bool normalize = mapping.GetValue("Normalize", AttributeDefaults.Normalize);
            int seed = mapping.GetValue("Seed", AttributeDefaults.MappingSeed);
            MappingSpec spec = mapping.Name switch
            {
                "BasicFeatures" => MappingSpec.None with { Kind = MappingKind.Basic },
                "PositionalEncoding" => MappingSpec.None with
                {
                    Kind = MappingKind.Positional,
                    Size = mapping.GetValue("frequencies", 0),
                    Scale = ParseScale(mapping),
                },
                "GaussianFeatures" => MappingSpec.None with
                {
                    Kind = MappingKind.Random,
                    Size = mapping.GetValue("size", 0),
                    Scale = ParseScale(mapping),
                    Distribution = FrequencyDistribution.Gaussian,
                    Seed = seed,
                },
                "RandomFeatures" => MappingSpec.None with
                {
                    Kind = MappingKind.Random,
                    Size = mapping.GetValue("size", 0),
                    Scale = ParseScale(mapping),
                    Distribution = ParseEnum(mapping, "distribution", "FrequencyDistribution", FrequencyDistribution.Gaussian),
                    Seed = seed,
                },
                "PowerLawFeatures" => MappingSpec.None with
                {
                    Kind = MappingKind.PowerLaw,
                    Size = mapping.GetValue("size", 0),
                    Exponent = ParseExponent(mapping),
                },
                "FourierFeatures" => ParseExplicit(mapping, inputs),
                _ => MappingSpec.None,
            };

            if (spec.Kind == MappingKind.Positional)
            {
                Check(spec.Size >= 2, DiagnosticDescriptors.TooFewPositionalFrequencies, mapping.LocationOf("frequencies"), spec.Size);
            }

            if (spec.Kind is MappingKind.Positional or MappingKind.Random or MappingKind.PowerLaw && !(spec.Kind == MappingKind.Positional && spec.Size < 2))
            {
                string sizeName = spec.Kind == MappingKind.Positional ? "frequencies" : "size";
                long count = (long)spec.Size * (spec.Kind == MappingKind.Random ? 1 : inputs);
                Check(spec.Size >= 1 && count <= NetworkLimits.MaxFrequencies, DiagnosticDescriptors.MappingSizeOutOfRange,
                    mapping.LocationOf(sizeName), count, NetworkLimits.MaxFrequencies);
            }

            if (ValueChecks.Overflow(spec) is { } overflow)
            {
                Report(DiagnosticDescriptors.MappingOverflows, mapping.LocationOf(spec.Kind == MappingKind.PowerLaw ? "exponent" : "scale"), overflow);
            }

            // The runtime divides a by ‖a‖; all-zero amplitudes (the only way FourierFeatures' finite ones can have no norm) cannot be.
            Check(!(normalize && spec.Kind == MappingKind.Explicit && spec.Amplitudes.Count > 0 && spec.Amplitudes.All(a => a == 0)),
                DiagnosticDescriptors.NormalizeZeroAmplitudes, mapping.LocationOf("amplitudes"));
            return spec with { Normalize = normalize };
        }

        private MappingSpec ParseExplicit(AttributeArguments mapping, int inputs)
        {
            float[] frequencies = ParseFloats(mapping, "frequencies");
            bool shapeOk = frequencies.Length > 0 && inputs > 0 && frequencies.Length % inputs == 0;
            // inputs ≤ 0 is FG0002's alone ("a multiple of 0 inputs" would only add noise).
            Check(shapeOk || inputs <= 0, DiagnosticDescriptors.FrequencyShapeMismatch, mapping.LocationOf("frequencies"), frequencies.Length, inputs);
            int m = shapeOk ? frequencies.Length / inputs : 0;
            Check(m <= NetworkLimits.MaxFrequencies, DiagnosticDescriptors.MappingSizeOutOfRange, mapping.LocationOf("frequencies"), m, NetworkLimits.MaxFrequencies);

            float[] amplitudes;
            if (mapping.GetArray("amplitudes") is null)
            {
                amplitudes = Enumerable.Repeat(1f, m).ToArray();
            }
            else
            {
                amplitudes = ParseFloats(mapping, "amplitudes");
                Check(!shapeOk || amplitudes.Length == m, DiagnosticDescriptors.AmplitudeCountMismatch, mapping.LocationOf("amplitudes"), amplitudes.Length, m);
            }

            return MappingSpec.None with
            {
                Kind = MappingKind.Explicit,
                Size = m,
                Frequencies = frequencies.ToEquatableArray(),
                Amplitudes = amplitudes.ToEquatableArray(),
            };
        }

        private float[] ParseFloats(AttributeArguments mapping, string name)
        {
            float[] values = mapping.GetArray(name)?.Select(c => c.Value is float f ? f : float.NaN).ToArray() ?? new float[0];
            for (int k = 0; k < values.Length; k++)
            {
                // The element's place and the message only when reporting: 65 536 values must stay linear (issue 18).
                if (float.IsNaN(values[k]) || float.IsInfinity(values[k]))
                {
                    Report(DiagnosticDescriptors.InvalidFrequencyValue, mapping.LocationOfElement(name, k), name, k, Format(values[k]));
                }
            }

            return values;
        }

        private float ParseScale(AttributeArguments mapping)
        {
            float scale = mapping.GetValue("scale", float.NaN);
            Check(scale > 0 && !float.IsInfinity(scale), DiagnosticDescriptors.InvalidScale, mapping.LocationOf("scale"), Format(scale));
            return scale;
        }

        private float ParseExponent(AttributeArguments mapping)
        {
            float exponent = mapping.GetValue("exponent", float.NaN);
            Check(!float.IsNaN(exponent), DiagnosticDescriptors.InvalidExponent, mapping.LocationOf("exponent"));
            return exponent;
        }

        private double ParseStd(AttributeArguments network, string name, double fallback)
        {
            double std = network.GetValue(name, fallback);
            Check(std >= 0 && !double.IsInfinity(std), DiagnosticDescriptors.InvalidStd, network.LocationOf(name), name, Format(std));
            return std;
        }

        private TEnum ParseEnum<TEnum>(AttributeArguments attribute, string name, string enumName, TEnum fallback)
            where TEnum : struct, System.Enum
        {
            if (attribute.Get(name) is not { Value: int raw })
            {
                return fallback;
            }

            bool defined = System.Enum.IsDefined(typeof(TEnum), raw);
            Check(defined, DiagnosticDescriptors.UndefinedEnumValue, attribute.LocationOf(name), name, raw, enumName);
            return defined ? (TEnum)(object)raw : fallback;
        }

        private static string Format(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

        private void Check(bool condition, DiagnosticDescriptor descriptor, Location? location, params object?[] arguments)
        {
            if (!condition)
            {
                Report(descriptor, location, arguments);
            }
        }

        private void Report(DiagnosticDescriptor descriptor, Location? location, params object?[] arguments)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            _hasErrors |= descriptor.DefaultSeverity == DiagnosticSeverity.Error;
            _diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments));
        }
    }
}
