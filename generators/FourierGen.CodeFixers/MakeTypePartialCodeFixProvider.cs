using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FourierGen.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace FourierGen.CodeFixers;

/// <summary>FG0001: adds <c>partial</c> to the network type and to every type around it that lacks it (the diagnostic asks for both).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeTypePartialCodeFixProvider))]
[Shared]
public sealed class MakeTypePartialCodeFixProvider : CodeFixProvider
{
    /// <summary>The title of the fix, and its equivalence key for fix-all.</summary>
    public const string Title = "Make the network type partial";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.TypeNotPartial.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            // FG0001 is reported at the type's name.
            if (root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } type)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, cancellationToken => MakePartialAsync(context.Document, type, cancellationToken), equivalenceKey: Title),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> MakePartialAsync(Document document, TypeDeclarationSyntax type, CancellationToken cancellationToken)
    {
        DocumentEditor editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (TypeDeclarationSyntax declaration in type.AncestorsAndSelf().OfType<TypeDeclarationSyntax>())
        {
            if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                // The generator places 'partial' where C# requires it: last, just before the type keyword.
                editor.SetModifiers(declaration, editor.Generator.GetModifiers(declaration).WithPartial(true));
            }
        }

        return editor.GetChangedDocument();
    }
}
