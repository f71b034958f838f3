package io.botgrid.workers.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.botgrid.config.Durations;
import io.botgrid.workers.AutoscalePolicy;
import io.botgrid.workers.ChainSpec;
import io.botgrid.workers.FunctionRef;
import io.botgrid.workers.GroupSpec;
import io.botgrid.workers.InvalidWorkerSpecException;
import io.botgrid.workers.Placement;
import io.botgrid.workers.RestartPolicy;
import io.botgrid.workers.StandaloneSpec;
import io.botgrid.workers.WorkerSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one worker spec from its YAML (or JSON) tree, as the {@code workers:} section of a node's configuration and
 * {@code botgrid workers declare --file} write it (see docs/workers.md). Strict: an unknown key is an error naming
 * the keys allowed, so a typo never falls back to a default.
 */
public final class WorkerSpecYaml {
    private WorkerSpecYaml() {
    }

    /**
     * @throws InvalidWorkerSpecException naming the field that is wrong
     */
    public static WorkerSpec read(JsonNode n) {
        object(n, "spec");
        keys(n, "spec", Set.of("id", "standalone", "group", "chain", "restart", "placement"));
        String id = text(n, "id", true);
        RestartPolicy restart = n.has("restart") ? restart(n.get("restart")) : RestartPolicy.DEFAULT;
        Placement placement = n.has("placement") ? placement(n.get("placement")) : Placement.any();
        int kinds = (n.has("standalone") ? 1 : 0) + (n.has("group") ? 1 : 0) + (n.has("chain") ? 1 : 0);
        if (kinds != 1) {
            throw new InvalidWorkerSpecException("kind", "a spec has exactly one of standalone, group or chain");
        }
        if (n.has("standalone")) {
            return new StandaloneSpec(id, function(n.get("standalone"), "standalone", Set.of()), restart, placement);
        }
        if (n.has("group")) {
            JsonNode g = n.get("group");
            object(g, "group");
            keys(g, "group", Set.of("members"));
            List<GroupSpec.Member> members = new ArrayList<>();
            int i = 0;
            for (JsonNode m : array(g.get("members"), "group.members")) {
                String f = "group.members[" + i++ + "]";
                members.add(new GroupSpec.Member(text(m, "id", true), function(m, f, Set.of("id"))));
            }
            return new GroupSpec(id, members, restart, placement);
        }
        JsonNode c = n.get("chain");
        object(c, "chain");
        keys(c, "chain", Set.of("stages", "end"));
        List<ChainSpec.Stage> stages = new ArrayList<>();
        int i = 0;
        for (JsonNode s : array(c.get("stages"), "chain.stages")) {
            String f = "chain.stages[" + i++ + "]";
            Set<String> extra = Set.of("name", "minInstances", "maxInstances", "queueCapacity", "keyOrdered",
                    "autoscale");
            FunctionRef fn = function(s, f, extra);
            int min = integer(s, "minInstances", 1);
            stages.add(new ChainSpec.Stage(text(s, "name", true), fn, min, integer(s, "maxInstances", Math.max(1,
                    min)), integer(s, "queueCapacity", ChainSpec.DEFAULT_QUEUE_CAPACITY),
                    s.has("keyOrdered") && s.get("keyOrdered").asBoolean(),
                    s.has("autoscale") ? Optional.of(autoscale(s.get("autoscale"), f + ".autoscale"))
                            : Optional.empty()));
        }
        Optional<FunctionRef> end = c.has("end") ? Optional.of(function(c.get("end"), "chain.end", Set.of()))
                : Optional.empty();
        return new ChainSpec(id, stages, end, restart, placement);
    }

    private static FunctionRef function(JsonNode n, String field, Set<String> extra) {
        object(n, field);
        Set<String> allowed = new java.util.HashSet<>(extra);
        allowed.add("function");
        allowed.add("settings");
        keys(n, field, allowed);
        Map<String, String> settings = new LinkedHashMap<>();
        if (n.has("settings")) {
            object(n.get("settings"), field + ".settings");
            JsonNode all = n.get("settings");
            for (Iterator<String> it = all.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                settings.put(k, all.get(k).asText());
            }
        }
        String name = n.has("function") ? n.get("function").asText() : "";
        if (name.isBlank()) {
            throw new InvalidWorkerSpecException(field + ".function", "a worker function name is required");
        }
        return new FunctionRef(name, settings);
    }

    /** A stage's {@code autoscale:} block; every key optional (the policy's defaults). */
    private static AutoscalePolicy autoscale(JsonNode n, String field) {
        object(n, field);
        keys(n, field, Set.of("targetBacklog", "targetLatency", "cooldown", "maxStep", "hysteresis",
                "scaleDownAfter"));
        AutoscalePolicy d = AutoscalePolicy.DEFAULT;
        int backlog = d.targetBacklog();
        int step = d.maxStep();
        double hysteresis = d.hysteresis();
        if (n.has("targetBacklog")) {
            backlog = wholeNumber(n.get("targetBacklog"), field + ".targetBacklog");
        }
        if (n.has("maxStep")) {
            step = wholeNumber(n.get("maxStep"), field + ".maxStep");
        }
        if (n.has("hysteresis")) {
            if (!n.get("hysteresis").isNumber()) {
                throw new InvalidWorkerSpecException(field + ".hysteresis", "a number in [0, 1) is required, got '"
                        + n.get("hysteresis").asText() + "'");
            }
            hysteresis = n.get("hysteresis").asDouble();
        }
        try {
            return new AutoscalePolicy(backlog, span(n, "targetLatency", field, d.targetLatency()),
                    span(n, "cooldown", field, d.cooldown()), step, hysteresis,
                    span(n, "scaleDownAfter", field, d.scaleDownAfter()));
        } catch (InvalidWorkerSpecException e) { // its field is autoscale.<key>: name the stage too
            throw new InvalidWorkerSpecException(field.substring(0, field.lastIndexOf('.') + 1) + e.field(),
                    e.reason());
        }
    }

    private static int wholeNumber(JsonNode v, String field) {
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new InvalidWorkerSpecException(field, "a whole number is required, got '" + v.asText() + "'");
        }
        return v.asInt();
    }

    private static Duration span(JsonNode n, String key, String field, Duration otherwise) {
        if (!n.has(key)) {
            return otherwise;
        }
        try {
            return Durations.parse(n.get(key).asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidWorkerSpecException(field + "." + key, e.getMessage());
        }
    }

    private static RestartPolicy restart(JsonNode n) {
        object(n, "restart");
        keys(n, "restart", Set.of("strategy", "maxRestarts", "within", "backoffMin", "backoffMax"));
        RestartPolicy d = RestartPolicy.DEFAULT;
        RestartPolicy.Strategy strategy = d.strategy();
        if (n.has("strategy")) {
            String s = n.get("strategy").asText().toUpperCase(Locale.ROOT);
            try {
                strategy = RestartPolicy.Strategy.valueOf(s);
            } catch (IllegalArgumentException e) {
                throw new InvalidWorkerSpecException("restart.strategy", "'" + n.get("strategy").asText()
                        + "' is not one of permanent, transient, temporary");
            }
        }
        return new RestartPolicy(strategy, integer(n, "maxRestarts", d.maxRestarts()),
                duration(n, "within", d.within()), duration(n, "backoffMin", d.backoffMin()),
                duration(n, "backoffMax", d.backoffMax()));
    }

    private static Placement placement(JsonNode n) {
        if (n.isTextual()) {
            return switch (n.asText()) {
                case "any" -> Placement.any();
                case "every-node" -> new Placement.EveryNode();
                default -> throw new InvalidWorkerSpecException("placement", "'" + n.asText() + "' is not any or "
                        + "every-node (or one of zone:, attribute:, withActor:)");
            };
        }
        object(n, "placement");
        keys(n, "placement", Set.of("zone", "attribute", "withActor"));
        if (n.size() != 1) {
            throw new InvalidWorkerSpecException("placement", "exactly one of zone, attribute or withActor");
        }
        if (n.has("zone")) {
            return new Placement.Zone(n.get("zone").asText());
        }
        if (n.has("attribute")) {
            JsonNode a = n.get("attribute");
            object(a, "placement.attribute");
            keys(a, "placement.attribute", Set.of("name", "value"));
            return new Placement.NodeAttribute(text(a, "name", true), text(a, "value", true));
        }
        String actor = n.get("withActor").asText();
        int slash = actor.indexOf('/');
        if (slash <= 0 || slash == actor.length() - 1) {
            throw new InvalidWorkerSpecException("placement.withActor", "'" + actor + "' is not type/key");
        }
        return new Placement.WithActor(actor.substring(0, slash), actor.substring(slash + 1));
    }

    private static Iterable<JsonNode> array(JsonNode n, String field) {
        if (n == null || !n.isArray()) {
            throw new InvalidWorkerSpecException(field, "a list is required");
        }
        return n;
    }

    private static void object(JsonNode n, String field) {
        if (n == null || !n.isObject()) {
            throw new InvalidWorkerSpecException(field, "a mapping (key: value) is required");
        }
    }

    private static void keys(JsonNode n, String field, Set<String> allowed) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new InvalidWorkerSpecException(field + "." + k, "unknown key (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String text(JsonNode n, String key, boolean required) {
        if (!n.has(key) || n.get(key).asText().isBlank()) {
            if (required) {
                throw new InvalidWorkerSpecException(key, "is required");
            }
            return "";
        }
        return n.get(key).asText();
    }

    private static int integer(JsonNode n, String key, int otherwise) {
        if (!n.has(key)) {
            return otherwise;
        }
        if (!n.get(key).canConvertToInt() || !n.get(key).isIntegralNumber()) {
            throw new InvalidWorkerSpecException(key, "a whole number is required, got '" + n.get(key).asText() + "'");
        }
        return n.get(key).asInt();
    }

    private static Duration duration(JsonNode n, String key, Duration otherwise) {
        if (!n.has(key)) {
            return otherwise;
        }
        try {
            return Durations.parse(n.get(key).asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidWorkerSpecException("restart." + key, e.getMessage());
        }
    }
}
