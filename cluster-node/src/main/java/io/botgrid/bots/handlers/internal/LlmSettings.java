package io.botgrid.bots.handlers.internal;

import static io.botgrid.bots.handlers.internal.SettingsFields.describe;
import static io.botgrid.bots.handlers.internal.SettingsFields.httpUrl;
import static io.botgrid.bots.handlers.internal.SettingsFields.nonBlank;
import static io.botgrid.bots.handlers.internal.SettingsFields.required;
import static io.botgrid.bots.handlers.internal.SettingsFields.whole;

import io.botgrid.bots.InvalidHandlerSettingsException;
import io.botgrid.bots.handlers.internal.SettingsNode.Field;
import io.botgrid.bots.handlers.internal.SettingsNode.MapNode;
import io.botgrid.bots.handlers.internal.SettingsNode.ScalarNode;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * An llm bot's checked settings. Every value is checked here, when the bot is created or updated, so that a typo
 * reaches its author as INVALID_ARGUMENT with the line, not as a failed message later.
 *
 * @param baseUrl the OpenAI-compatible service's API root (the path before {@code /chat/completions})
 * @param model the model name sent with each request
 * @param apiKey the bearer key (a secret: masked in the bot's view, never logged, never in errors); empty for a
 *     service that needs none
 * @param temperature sampling temperature, or empty for the service's default
 * @param maxTokens bound of one answer's length, in tokens
 * @param systemPrompt the system message's template ({@code {user}}, {@code {state}}, session variables); may be
 *     empty
 * @param contextTokens bound of the prompt: system message, history and the message, counted with {@code encoding}
 * @param encoding the tokenizer's encoding name (jtokkit), e.g. {@code cl100k_base}
 * @param timeout bound of the whole answer, retries included
 * @param retries attempts after the first, on 429, 5xx and connection errors, while nothing was streamed yet
 * @param tokensPerDay this node's daily token budget for the bot, or empty for none
 * @param requestsPerMinute this node's request budget per minute for the bot, or empty for none
 * @param budgetReply the reply while a budget is spent
 * @param failureReply the reply when the model cannot answer, or empty to fail the message
 * @param slackUpdateEveryTokens on Slack, post the answer when it has this many tokens and update that message every
 *     as many more while it streams (the final text updates it too); empty: Slack gets the final text only
 */
record LlmSettings(URI baseUrl, String model, String apiKey, Optional<Double> temperature, int maxTokens,
                   String systemPrompt, int contextTokens, String encoding, Duration timeout, int retries,
                   OptionalLong tokensPerDay, OptionalLong requestsPerMinute, String budgetReply,
                   Optional<String> failureReply, OptionalInt slackUpdateEveryTokens) {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(8);
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
    static final int DEFAULT_RETRIES = 2;
    static final int MAX_RETRIES = 10;
    static final int DEFAULT_MAX_TOKENS = 512;
    static final int DEFAULT_CONTEXT_TOKENS = 4000;
    static final int MAX_CONTEXT_TOKENS = 2_000_000;
    static final String DEFAULT_ENCODING = "cl100k_base";
    static final String DEFAULT_BUDGET_REPLY = "I have reached my usage limit for now. Please try again later.";
    private static final Set<String> KEYS = Set.of("base_url", "model", "api_key", "temperature", "max_tokens",
            "system_prompt", "context_tokens", "encoding", "timeout", "retries", "tokens_per_day",
            "requests_per_minute", "budget_reply", "failure_reply", "slack_update_every_tokens");

    LlmSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(temperature, "temperature");
        Objects.requireNonNull(systemPrompt, "systemPrompt");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(tokensPerDay, "tokensPerDay");
        Objects.requireNonNull(requestsPerMinute, "requestsPerMinute");
        Objects.requireNonNull(budgetReply, "budgetReply");
        Objects.requireNonNull(failureReply, "failureReply");
        Objects.requireNonNull(slackUpdateEveryTokens, "slackUpdateEveryTokens");
    }

    /** Parses and checks settings text (YAML or JSON). */
    static LlmSettings parse(String settings) {
        MapNode root = SettingsReader.read(settings)
                .orElseThrow(() -> new InvalidHandlerSettingsException(0,
                        "llm settings are empty: 'base_url' and 'model' are required"))
                .asMap("llm settings");
        root.requireOnly(KEYS, "llm settings");
        URI baseUrl = baseUrl(required(root, "base_url"));
        Field modelField = required(root, "model");
        String model = modelField.value().asText("'model'").strip();
        if (model.isEmpty()) {
            throw new InvalidHandlerSettingsException(modelField.value().line(), "'model' is empty");
        }
        String apiKey = root.field("api_key").map(f -> f.value().asText("'api_key'").strip()).orElse("");
        Optional<Double> temperature = root.field("temperature").map(LlmSettings::temperature);
        int maxTokens = root.field("max_tokens").map(f -> (int) whole(f, "max_tokens", 1, 1_000_000))
                .orElse(DEFAULT_MAX_TOKENS);
        String systemPrompt = root.field("system_prompt").map(f -> f.value().asText("'system_prompt'")).orElse("");
        int contextTokens = root.field("context_tokens")
                .map(f -> (int) whole(f, "context_tokens", 1, MAX_CONTEXT_TOKENS)).orElse(DEFAULT_CONTEXT_TOKENS);
        String encoding = root.field("encoding").map(LlmSettings::encoding).orElse(DEFAULT_ENCODING);
        Duration timeout = root.field("timeout").map(f -> SettingsFields.timeout(f, MAX_TIMEOUT))
                .orElse(DEFAULT_TIMEOUT);
        int retries = root.field("retries").map(f -> (int) whole(f, "retries", 0, MAX_RETRIES))
                .orElse(DEFAULT_RETRIES);
        OptionalLong tokensPerDay = root.field("tokens_per_day")
                .map(f -> OptionalLong.of(whole(f, "tokens_per_day", 1, Long.MAX_VALUE / 2)))
                .orElse(OptionalLong.empty());
        OptionalLong requestsPerMinute = root.field("requests_per_minute")
                .map(f -> OptionalLong.of(whole(f, "requests_per_minute", 1, 1_000_000)))
                .orElse(OptionalLong.empty());
        String budgetReply = root.field("budget_reply").map(f -> nonBlank(f, "budget_reply"))
                .orElse(DEFAULT_BUDGET_REPLY);
        Optional<String> failureReply = root.field("failure_reply").map(f -> nonBlank(f, "failure_reply"));
        OptionalInt slackUpdateEveryTokens = root.field("slack_update_every_tokens")
                .map(f -> OptionalInt.of((int) whole(f, "slack_update_every_tokens", 1, 1_000_000)))
                .orElse(OptionalInt.empty());
        return new LlmSettings(baseUrl, model, apiKey, temperature, maxTokens, systemPrompt, contextTokens, encoding,
                timeout, retries, tokensPerDay, requestsPerMinute, budgetReply, failureReply, slackUpdateEveryTokens);
    }

    private static URI baseUrl(Field field) {
        URI uri = httpUrl(field, "base_url");
        int line = field.value().line();
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new InvalidHandlerSettingsException(line, "'base_url' must not have a query, a fragment or a user "
                    + "(put the key in 'api_key'): '" + uri.getScheme() + "://" + uri.getHost() + "…'");
        }
        return uri;
    }

    private static double temperature(Field field) {
        SettingsNode value = field.value();
        if (value instanceof ScalarNode s && s.kind() == ScalarNode.Kind.NUMBER) {
            try {
                double t = Double.parseDouble(s.text());
                if (t >= 0 && t <= 2) {
                    return t;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
        }
        throw new InvalidHandlerSettingsException(value.line(), "'temperature' must be a number from 0 to 2, not "
                + describe(value));
    }

    private static String encoding(Field field) {
        String name = field.value().asText("'encoding'").strip();
        if (!LlmTokens.known(name)) {
            throw new InvalidHandlerSettingsException(field.value().line(), "'encoding' must be one of "
                    + LlmTokens.names() + ", not '" + name + "'");
        }
        return name;
    }

    @Override
    public String toString() { // never print the key
        return "LlmSettings[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + (apiKey.isEmpty() ? "none" : "set")
                + ", maxTokens=" + maxTokens + ", contextTokens=" + contextTokens + ", encoding=" + encoding
                + ", timeout=" + timeout + ", retries=" + retries + ", tokensPerDay=" + tokensPerDay
                + ", requestsPerMinute=" + requestsPerMinute + ", slackUpdateEveryTokens=" + slackUpdateEveryTokens
                + "]";
    }
}
