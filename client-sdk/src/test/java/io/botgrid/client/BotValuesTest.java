package io.botgrid.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BotValuesTest {

    @Test
    void specAndUpdateKeepWhatIsNotChanged() {
        BotSpec spec = BotSpec.of("Support", "rules").withId("support").withHandlerSettings("rules: []")
                .withIdempotencyKey("k1");
        assertThat(spec).isEqualTo(new BotSpec("support", "Support", "rules", "rules: []", "k1"));
        assertThat(BotSpec.of("Echo", "echo").handlerSettings()).isEmpty();
        assertThatThrownBy(() -> BotSpec.of(null, "echo")).hasMessage("name");

        BotUpdate update = BotUpdate.of("support").withName("Help desk");
        assertThat(update.handler()).as("unchanged").isNull();
        assertThat(update.handlerSettings()).as("unchanged").isNull();
        assertThat(update.withHandler("echo").name()).isEqualTo("Help desk");
    }

    @Test
    void queriesAndPagesCarryTheirPosition() {
        assertThat(BotQuery.all()).isEqualTo(new BotQuery(null, 0, ""));
        assertThatThrownBy(() -> BotQuery.all().withPageSize(1001)).hasMessage("pageSize must be 0..1000, got 1001");
        assertThatThrownBy(() -> BotQuery.inState(BotState.UNKNOWN)).hasMessageContaining("UNKNOWN cannot be listed");
        Page<String> page = new Page<>(List.of("a", "b"), "t2");
        assertThat(page.hasNext()).isTrue();
        assertThat(BotQuery.inState(BotState.PAUSED).withPageSize(2).next(page))
                .isEqualTo(new BotQuery(BotState.PAUSED, 2, "t2"));
        assertThat(new Page<>(List.of(), null).hasNext()).isFalse();
        assertThat(PageRequest.first(50).next(page)).isEqualTo(new PageRequest(50, "t2"));
        assertThatThrownBy(() -> PageRequest.first(-1)).hasMessage("page size must be 0..1000, got -1");
    }

    @Test
    void secretsDoNotShowInToString() {
        SlackSettings slack = SlackSettings.of("8f14e45fceea167a5a36dedd4bea2543", "xoxb-1234-5678-abcdefgh")
                .withBotUserId("U0BOT");
        assertThat(slack.toString()).doesNotContain("8f14e45fceea").doesNotContain("xoxb-1234").contains("…2543")
                .contains("…efgh").contains("U0BOT");
        WebhookSettings webhook = new WebhookSettings("short", "https://example.com/replies");
        assertThat(webhook.toString()).doesNotContain("short").contains("https://example.com/replies");
    }

    @Test
    void aConversationTalksInTheGrpcSessionOfItsTeam() {
        ConversationRef ref = ConversationRef.of("support", "ticket-7", "alice");
        assertThat(ref.team()).isEqualTo("default");
        assertThat(ref.session()).isEqualTo(new SessionRef("support", "grpc", "default", "ticket-7"));
        assertThat(ref.withTeam("acme").session().toString()).isEqualTo("support/grpc/acme/ticket-7");
        assertThat(new ConversationRef("b", null, "c", null).userId()).isEmpty();
    }
}
