package io.botgrid.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.botgrid.actor.ActorTypes;
import io.botgrid.bots.platform.BotsApi;
import io.botgrid.channels.internal.webhook.WebhookSignature;
import io.botgrid.node.BotgridNode;
import io.botgrid.node.EncryptionConfig;
import io.botgrid.proto.v1.ChannelKind;
import io.botgrid.proto.v1.ConnectChannelRequest;
import io.botgrid.proto.v1.CreateBotRequest;
import io.botgrid.testkit.TestCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Secrets at rest: a bot's channel secret, stored in the Bot actor's journal and in the bot index, is not found in
 * any byte of the node's data folder (partition files, WAL, archive) when encryption is on, while it is found there
 * without it (the scan can see it); a restart with the same master key still decrypts (the webhook signed with the
 * secret is accepted), a different master key or a missing key store stops the node with a clear message, and the
 * key store's password is never logged.
 */
class EncryptionAtRestTest {
    private static final String PASSWORD = "test-only-" + Long.toHexString(System.nanoTime());
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    @Timeout(240)
    void channelSecretsAreNotInTheDataFolderAndARestartStillDecryptsThem() throws Exception {
        String secret = "secret-at-rest-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        KeyTool keytool = new KeyTool(dir, PASSWORD);
        EncryptionConfig encryption = new EncryptionConfig(keytool.secretKey("master",
                EncryptionConfig.MASTER_KEY_ALIAS), keytool.passwordFile());
        Path encrypted = Files.createDirectory(dir.resolve("encrypted"));
        ListAppender<ILoggingEvent> log = captureLog();
        try (TestCluster cluster = TestCluster.builder().nodes(1).actorTypes(ActorTypes.none()).dataRoot(encrypted)
                .configure(b -> b.encryption(encryption)).start()) {
            connectWebhook(cluster.node(0).bots(), secret);
            assertThat(post(cluster, secret)).isEqualTo(200);
            cluster.stopAll();
            assertThat(filesHolding(encrypted, secret)).as("files holding the secret").isEmpty();

            cluster.restartAll();
            assertThat(post(cluster, secret)).as("the secret decrypted after the restart").isEqualTo(200);
            assertThat(post(cluster, "not-the-secret")).isEqualTo(401);
            cluster.stopAll();

            EncryptionConfig otherKey = new EncryptionConfig(keytool.secretKey("other",
                    EncryptionConfig.MASTER_KEY_ALIAS), keytool.passwordFile());
            assertThatThrownBy(() -> BotgridNode.builder().config(cluster.configFor(0).toBuilder()
                    .encryption(otherKey).build()).start())
                    .hasMessageContaining("cannot decrypt its stored data: the master key in encryption.keyStore")
                    .hasMessageContaining("is not the key");
            assertThatThrownBy(() -> BotgridNode.builder().config(cluster.configFor(0).toBuilder()
                    .encryption(new EncryptionConfig(dir.resolve("gone.p12"), keytool.passwordFile())).build())
                    .start())
                    .hasStackTraceContaining("encryption.keyStore " + dir.resolve("gone.p12") + " does not exist");
            assertThatThrownBy(() -> BotgridNode.builder().config(cluster.configFor(0).toBuilder()
                    .encryption(new EncryptionConfig(keytool.keyPair("tls"), keytool.passwordFile())).build())
                    .start())
                    .hasStackTraceContaining("holds no AES master key under the alias 'ignite.master.key'");
        } finally {
            stopCapture(log);
        }
        synchronized (log) {
            assertThat(log.list).as("log lines").isNotEmpty()
                    .noneMatch(e -> e.getFormattedMessage().contains(PASSWORD)
                            || e.getFormattedMessage().contains(secret));
        }

        // Without encryption the same scan finds the secret: the assertion above can fail.
        Path plain = Files.createDirectory(dir.resolve("plain"));
        try (TestCluster cluster = TestCluster.builder().nodes(1).actorTypes(ActorTypes.none()).dataRoot(plain)
                .start()) {
            connectWebhook(cluster.node(0).bots(), secret);
            cluster.stopAll();
            assertThat(filesHolding(plain, secret)).isNotEmpty();
        }
    }

    private static void connectWebhook(BotsApi api, String secret) {
        api.createBot(CreateBotRequest.newBuilder().setBotId("vault").setName("Vault").setHandler("echo").build())
                .join();
        api.connectChannel(ConnectChannelRequest.newBuilder().setBotId("vault")
                .setKind(ChannelKind.CHANNEL_KIND_WEBHOOK).putSettings("secret", secret)
                .putSettings("url", "http://127.0.0.1:9/replies").build()).join();
    }

    /** Posts a message signed with {@code secret} to the bot's webhook: 200 if the node's secret matches. */
    private static int post(TestCluster cluster, String secret) throws Exception {
        byte[] body = ("{\"messageId\":\"m-" + System.nanoTime() + "\",\"conversation\":\"c\",\"text\":\"hi\"}")
                .getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.node(0).endpointPort()
                        + "/webhook/vault"))
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(now))
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, now, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Every file under {@code root} whose raw bytes contain {@code text} in UTF-8. */
    private static List<Path> filesHolding(Path root, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (indexOf(Files.readAllBytes(f), needle) >= 0) {
                    found.add(f);
                }
            }
        }
        return found;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static ListAppender<ILoggingEvent> captureLog() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(appender);
        return appender;
    }

    private static void stopCapture(ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(appender);
        appender.stop();
    }
}
