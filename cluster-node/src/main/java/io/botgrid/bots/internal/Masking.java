package io.botgrid.bots.internal;

import io.botgrid.proto.v1.Bot;
import io.botgrid.proto.v1.BotRecord;
import io.botgrid.proto.v1.Channel;
import io.botgrid.proto.v1.ChannelRecord;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a bot's internal record into what clients may see: secrets are stored (the platform needs them to verify
 * and to send) but never returned in full, only their last four characters so an operator can tell which one is set.
 */
final class Masking {
    /** Secret values of handler settings, in YAML ({@code secret: x}) or JSON ({@code "secret": "x"}). */
    private static final Pattern SETTINGS_SECRET = Pattern.compile(
            "(?m)(\"?(?:secret|token|password)\"?\\s*:\\s*\"?)([^\"\\s,}]+)");

    private Masking() {
    }

    static Bot bot(BotRecord r) {
        Bot.Builder b = Bot.newBuilder().setBotId(r.getBotId()).setName(r.getName()).setHandler(r.getHandler())
                .setHandlerSettings(settings(r.getHandlerSettings())).setState(r.getState())
                .setCreatedAt(Times.ofMillis(r.getCreatedAtMillis())).setUpdatedAt(Times.ofMillis(r.getUpdatedAtMillis()))
                .setVersion(r.getVersion());
        for (ChannelRecord c : r.getChannelsList()) {
            Channel.Builder channel = Channel.newBuilder().setKind(c.getKind())
                    .setIngressPath(ChannelSettings.ingressPath(c.getKind(), r.getBotId()));
            for (Map.Entry<String, String> e : c.getSettingsMap().entrySet()) {
                channel.putSettings(e.getKey(), ChannelSettings.isSecret(e.getKey()) ? secret(e.getValue())
                        : e.getValue());
            }
            b.addChannels(channel);
        }
        return b.build();
    }

    static String secret(String value) {
        return value.length() <= 8 ? "…" : "…" + value.substring(value.length() - 4);
    }

    static String settings(String text) {
        Matcher m = SETTINGS_SECRET.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + secret(m.group(2))));
        }
        return m.appendTail(out).toString();
    }
}
