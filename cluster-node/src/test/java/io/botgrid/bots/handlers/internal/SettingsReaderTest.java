package io.botgrid.bots.handlers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.botgrid.bots.InvalidHandlerSettingsException;
import io.botgrid.bots.handlers.internal.SettingsNode.ListNode;
import io.botgrid.bots.handlers.internal.SettingsNode.MapNode;
import io.botgrid.bots.handlers.internal.SettingsNode.ScalarNode;
import org.junit.jupiter.api.Test;

/** Lines survive parsing in both syntaxes; syntax errors carry the parser's line. */
class SettingsReaderTest {

    @Test
    void blankOrNullSettingsAreEmpty() {
        assertThat(SettingsReader.read(null)).isEmpty();
        assertThat(SettingsReader.read("  \n ")).isEmpty();
        assertThat(SettingsReader.read("~")).isEmpty();
        assertThat(SettingsReader.read("# only a comment\n")).isEmpty();
    }

    @Test
    void yamlKeepsLinesOfMappingsListItemsAndScalars() {
        String yaml = """
                # comment
                rules:
                  - match: a
                    reply: b

                  - keyword: c
                    reply: 42
                fallback: ~
                """;
        MapNode root = SettingsReader.read(yaml).orElseThrow().asMap("root");
        assertThat(root.field("rules").orElseThrow().keyLine()).isEqualTo(2);
        ListNode rules = root.field("rules").orElseThrow().value().asList("rules");
        assertThat(rules.items()).extracting(SettingsNode::line).containsExactly(3, 6);
        MapNode second = rules.items().get(1).asMap("rule");
        assertThat(second.field("reply").orElseThrow().value())
                .isEqualTo(new ScalarNode(7, "42", ScalarNode.Kind.NUMBER));
        assertThat(root.field("fallback").orElseThrow().value().asText("fallback")).isEmpty();
    }

    @Test
    void jsonKeepsLines() {
        String json = "{\n  \"rules\": [\n    {\"match\": \"a\",\n     \"reply\": \"b\"},\n    {\"keyword\": \"c\"}\n  ]\n}";
        MapNode root = SettingsReader.read(json).orElseThrow().asMap("root");
        ListNode rules = root.field("rules").orElseThrow().value().asList("rules");
        assertThat(rules.items()).extracting(SettingsNode::line).containsExactly(3, 5);
        assertThat(rules.items().get(0).asMap("r").field("reply").orElseThrow().keyLine()).isEqualTo(4);
    }

    @Test
    void yamlSyntaxErrorHasTheParsersLine() {
        String yaml = "rules:\n  - match: a\n    reply: \"unterminated\n";
        InvalidHandlerSettingsException e = catchThrowableOfType(InvalidHandlerSettingsException.class,
                () -> SettingsReader.read(yaml));
        assertThat(e.line()).isBetween(3, 4);
        assertThat(e.reason()).startsWith("invalid YAML: ");
        assertThat(e.getMessage()).startsWith("line " + e.line() + ": invalid YAML");
    }

    @Test
    void jsonSyntaxErrorHasTheParsersLine() {
        InvalidHandlerSettingsException e = catchThrowableOfType(InvalidHandlerSettingsException.class,
                () -> SettingsReader.read("{\n  \"rules\": [\n    {\"match\" \"a\"}\n  ]\n}"));
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.reason()).startsWith("invalid JSON: ");
    }

    @Test
    void duplicateKeysAreRefusedWithTheirLine() {
        InvalidHandlerSettingsException e = catchThrowableOfType(InvalidHandlerSettingsException.class,
                () -> SettingsReader.read("url: a\nsecret: b\nurl: c\n"));
        assertThat(e).hasMessage("line 3: duplicate key 'url'");
    }

    @Test
    void secondDocumentIsRefused() {
        InvalidHandlerSettingsException e = catchThrowableOfType(InvalidHandlerSettingsException.class,
                () -> SettingsReader.read("a: 1\n---\nb: 2\n"));
        assertThat(e.reason()).contains("only one document");
    }
}
