package io.botgrid.bots.handlers;

import static io.botgrid.bots.handlers.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botgrid.bots.BotHandler;
import io.botgrid.bots.ConfiguredHandler;
import io.botgrid.bots.HandlerResult;
import io.botgrid.bots.InvalidHandlerSettingsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Lookup by name, errors, and the configured-handler cache. */
class HandlerRegistryTest {

    /** Counts configure calls; settings "bad" are refused. */
    private static final class CountingHandler implements BotHandler {
        final AtomicInteger configured = new AtomicInteger();

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public ConfiguredHandler configure(String settings) {
            configured.incrementAndGet();
            if (settings.equals("bad")) {
                throw new InvalidHandlerSettingsException(1, "bad settings");
            }
            return request -> CompletableFuture.completedFuture(HandlerResult.reply(settings));
        }
    }

    @Test
    void builtInsAreThereWithoutPlugins() {
        HandlerRegistry registry = HandlerRegistry.load(null);
        assertThat(registry.names()).containsExactly("echo", "llm", "rules", "webhook");
        assertThat(registry.find("rules")).get().extracting(BotHandler::name).isEqualTo("rules");
        assertThat(registry.find("nope")).isEmpty();
        assertThat(registry.find(null)).isEmpty();
        assertThatThrownBy(() -> registry.names().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void unknownNameIsRefusedListingTheKnownOnes() {
        assertThatThrownBy(() -> HandlerRegistry.load(null).configure("rulez", ""))
                .isInstanceOf(UnknownHandlerException.class)
                .hasMessage("unknown handler 'rulez' (known: echo, llm, rules, webhook)")
                .extracting(e -> ((UnknownHandlerException) e).name()).isEqualTo("rulez");
    }

    @Test
    void invalidSettingsReachTheCallerAndAreNotCached() {
        CountingHandler counting = new CountingHandler();
        HandlerRegistry registry = HandlerRegistry.withHandlers(List.of(counting));

        assertThatThrownBy(() -> registry.configure("counting", "bad")).isInstanceOf(
                InvalidHandlerSettingsException.class).hasMessage("line 1: bad settings");
        assertThatThrownBy(() -> registry.configure("counting", "bad")).isInstanceOf(
                InvalidHandlerSettingsException.class);
        assertThat(counting.configured).hasValue(2);
        assertThatThrownBy(() -> registry.configure("rules", "rules: nope"))
                .isInstanceOf(InvalidHandlerSettingsException.class).hasMessageStartingWith("line 1:");
    }

    @Test
    void configuredHandlersAreCachedByNameAndSettings() throws Exception {
        CountingHandler counting = new CountingHandler();
        HandlerRegistry registry = HandlerRegistry.withHandlers(List.of(counting));

        ConfiguredHandler a1 = registry.configure("counting", "a");
        ConfiguredHandler a2 = registry.configure("counting", "a");
        ConfiguredHandler b = registry.configure("counting", "b");

        assertThat(a2).isSameAs(a1);
        assertThat(b).isNotSameAs(a1);
        assertThat(counting.configured).hasValue(2);
        assertThat(registry.configure("counting", null)).isSameAs(registry.configure("counting", ""));
        assertThat(b.onMessage(request("x")).toCompletableFuture().get()).isEqualTo(HandlerResult.reply("b"));
        assertThat(registry.configure("echo", "")).isNotSameAs(registry.configure("counting", ""));
    }

    @Test
    void concurrentConfigureOfTheSameSettingsAgreesOnOneHandler() throws Exception {
        HandlerRegistry registry = HandlerRegistry.withHandlers(List.of(new CountingHandler()));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ConfiguredHandler>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return registry.configure("counting", "same");
                }));
            }
            go.countDown();
            Set<ConfiguredHandler> distinct = ConcurrentHashMap.newKeySet();
            for (Future<ConfiguredHandler> f : results) {
                distinct.add(f.get(10, TimeUnit.SECONDS));
            }
            assertThat(distinct).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void extraHandlersFollowTheNameRules() {
        BotHandler clash = new BotHandler() {
            @Override
            public String name() {
                return "webhook";
            }

            @Override
            public ConfiguredHandler configure(String settings) {
                throw new AssertionError("never configured");
            }
        };
        assertThatThrownBy(() -> HandlerRegistry.withHandlers(List.of(clash)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'webhook' is taken twice: by built-in (io.botgrid.bots.handlers.internal"
                        + ".WebhookHandler) and by given ");
    }

    @Test
    void echoRepliesWithTheTextAndTakesNoSettings() throws Exception {
        HandlerRegistry registry = HandlerRegistry.load(null);
        ConfiguredHandler echo = registry.configure("echo", "");
        assertThat(echo.onMessage(request("ping")).toCompletableFuture().get()).isEqualTo(HandlerResult.reply("ping"));
        assertThat(echo.onMessage(request("  ")).toCompletableFuture().get()).isEqualTo(HandlerResult.none());
        assertThat(registry.configure("echo", "{}")).isNotNull();
        assertThatThrownBy(() -> registry.configure("echo", "\nreply: hi\n"))
                .isInstanceOf(InvalidHandlerSettingsException.class)
                .hasMessage("line 2: unknown key 'reply' in echo settings (echo takes none)");
    }

    /** A chain port that knows one chain, {@code c}, and answers each push with the text twice and a blank. */
    private static final class OneChain implements ChainPort {
        final List<String> pushed = new ArrayList<>();

        @Override
        public java.util.Optional<String> problem(String chainId) {
            return chainId.equals("c") ? java.util.Optional.empty()
                    : java.util.Optional.of("no worker spec '" + chainId + "' is declared");
        }

        @Override
        public java.util.concurrent.CompletionStage<List<String>> push(String chainId, String key, String text,
                                                                      java.util.Map<String, String> headers) {
            synchronized (pushed) {
                pushed.add(chainId + " " + key + " " + text + " " + headers.get("botgrid-bot"));
            }
            return CompletableFuture.completedFuture(List.of(text + "!", " ", text + "?"));
        }
    }

    @Test
    void chainHandlersPushTheTextAndReplyWithWhatLeavesTheChain() throws Exception {
        OneChain chains = new OneChain();
        HandlerRegistry registry = HandlerRegistry.load(null, List.of(), chains);
        HandlerResult result = registry.configure("chain:c", "").onMessage(request("hi"))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(result.replies()).as("blank outputs are no reply").containsExactly("hi!", "hi?");
        assertThat(chains.pushed).singleElement().asString().startsWith("c ").endsWith(" hi "
                + request("hi").botId());
        assertThat(registry.kindOf("chain:c")).isEqualTo("chain");
        assertThat(registry.kindOf("chain:other")).isEqualTo("chain");
        registry.validate("chain:c", "");
    }

    @Test
    void chainHandlersAreRefusedPreciselyWhenTheChainIsUnknownMalformedOrGivenSettings() {
        HandlerRegistry registry = HandlerRegistry.load(null, List.of(), new OneChain());
        assertThatThrownBy(() -> registry.validate("chain:nope", "")).isInstanceOf(UnknownHandlerException.class)
                .hasMessage("handler 'chain:nope': no worker spec 'nope' is declared");
        assertThatThrownBy(() -> registry.configure("chain:", "")).isInstanceOf(UnknownHandlerException.class)
                .hasMessage("handler 'chain:': a chain id is 1 to 64 letters, digits, '_', '.' or '-'");
        assertThatThrownBy(() -> registry.configure("chain:c", "x: 1"))
                .isInstanceOf(InvalidHandlerSettingsException.class)
                .hasMessage("line 1: a chain handler takes no settings (the chain's spec has them)");
        assertThatThrownBy(() -> HandlerRegistry.load(null).validate("chain:c", ""))
                .hasMessage("handler 'chain:c': this node runs no workers");
    }
}
