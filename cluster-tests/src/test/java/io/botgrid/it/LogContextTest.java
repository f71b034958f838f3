package io.botgrid.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.ActorTypes;
import io.botgrid.actor.Effect;
import io.botgrid.actor.EventSourcedBehavior;
import io.botgrid.testkit.TestCluster;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** Log lines written inside a turn carry the node and actor in the MDC, on both sides of an asynchronous hop. */
class LogContextTest {
    private static final org.slf4j.Logger ACTOR_LOG = LoggerFactory.getLogger("io.botgrid.it.LogContextTest.actor");

    /** Logs in its turn, then again in a side effect that runs after the journal append (a completion hop). */
    static final class Chatty implements EventSourcedBehavior<StringValue, StringValue, String, StringValue> {
        @Override
        public com.google.protobuf.Parser<StringValue> commandParser() {
            return StringValue.parser();
        }

        @Override
        public com.google.protobuf.Parser<StringValue> eventParser() {
            return StringValue.parser();
        }

        @Override
        public com.google.protobuf.Parser<StringValue> replyParser() {
            return StringValue.parser();
        }

        @Override
        public String emptyState(ActorId id) {
            return "";
        }

        @Override
        public Effect<StringValue, String, StringValue> handle(String state, StringValue command,
                                                               io.botgrid.actor.ActorContext<StringValue> ctx) {
            ACTOR_LOG.info("in the turn");
            return Effect.persist(command).<String, StringValue>thenReply(s -> StringValue.of(s))
                    .thenRun(s -> ACTOR_LOG.info("after the append"));
        }

        @Override
        public String apply(String state, StringValue event) {
            return state + event.getValue();
        }
    }

    @Test
    @Timeout(60)
    void linesWrittenInsideATurnCarryNodeAndActor() {
        Logger logger = (Logger) LoggerFactory.getLogger("io.botgrid.it.LogContextTest.actor");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        ActorTypes types = ActorTypes.builder().register("chatty", new Chatty()).build();
        try (TestCluster cluster = TestCluster.builder().nodes(1).actorTypes(types).start()) {
            ActorId id = ActorId.of("chatty", "c-1");
            cluster.node(0).actors().ask(id, StringValue.of("x")).join();
            List<ILoggingEvent> lines;
            synchronized (appender) {
                lines = List.copyOf(appender.list);
            }
            assertThat(lines).extracting(ILoggingEvent::getFormattedMessage)
                    .containsExactly("in the turn", "after the append");
            for (ILoggingEvent line : lines) {
                assertThat(line.getMDCPropertyMap()).as(line.getFormattedMessage())
                        .containsEntry("node", cluster.node(0).name()).containsEntry("actor", "chatty/c-1");
            }
        } finally {
            logger.detachAppender(appender);
        }
    }
}
