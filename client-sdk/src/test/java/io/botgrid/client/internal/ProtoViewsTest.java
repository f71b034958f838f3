package io.botgrid.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.botgrid.client.BotState;
import io.botgrid.client.BotView;
import io.botgrid.client.ChannelKind;
import io.botgrid.client.ErrorCode;
import io.botgrid.proto.v1.Bot;
import io.botgrid.proto.v1.Channel;
import io.grpc.Status;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtoViewsTest {

    @Test
    void aBotBecomesARecordWithItsChannels() {
        Bot proto = Bot.newBuilder().setBotId("support").setName("Support").setHandler("rules")
                .setHandlerSettings("rules: []").setState(io.botgrid.proto.v1.BotState.BOT_STATE_PAUSED)
                .addChannels(Channel.newBuilder().setKind(io.botgrid.proto.v1.ChannelKind.CHANNEL_KIND_SLACK)
                        .putSettings("bot_token", "…abcd").setIngressPath("/slack/events/support"))
                .setCreatedAt(Timestamp.newBuilder().setSeconds(1_700_000_000).setNanos(5))
                .setVersion(3).build();
        BotView view = ProtoViews.bot(proto);
        assertThat(view.id()).isEqualTo("support");
        assertThat(view.state()).isEqualTo(BotState.PAUSED);
        assertThat(view.createdAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_000, 5));
        assertThat(view.updatedAt()).as("not set").isNull();
        assertThat(view.version()).isEqualTo(3);
        assertThat(view.channel(ChannelKind.SLACK)).hasValueSatisfying(c -> {
            assertThat(c.settings()).isEqualTo(Map.of("bot_token", "…abcd"));
            assertThat(c.ingressPath()).isEqualTo("/slack/events/support");
        });
        assertThat(view.channel(ChannelKind.WEBHOOK)).isEmpty();
    }

    @Test
    void unknownEnumValuesOfANewerServerAreUnknownNotErrors() {
        assertThat(ProtoViews.state(io.botgrid.proto.v1.BotState.UNRECOGNIZED)).isEqualTo(BotState.UNKNOWN);
        assertThat(ProtoViews.kind(io.botgrid.proto.v1.ChannelKind.CHANNEL_KIND_UNSPECIFIED))
                .isEqualTo(ChannelKind.UNKNOWN);
        assertThat(ProtoViews.state((BotState) null)).isEqualTo(io.botgrid.proto.v1.BotState.BOT_STATE_UNSPECIFIED);
    }

    @Test
    void statusCodesOfTheBotServiceHaveTheirOwnErrorCodes() {
        assertThat(Errors.toException(Status.ALREADY_EXISTS.withDescription("bot 'x' exists").asRuntimeException())
                .code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
        assertThat(Errors.toException(Status.FAILED_PRECONDITION.asRuntimeException()).code())
                .isEqualTo(ErrorCode.FAILED_PRECONDITION);
        assertThat(Errors.toException(Status.NOT_FOUND.withDescription("no bot 'x'").asRuntimeException())
                .getMessage()).isEqualTo("NOT_FOUND: no bot 'x'");
    }
}
