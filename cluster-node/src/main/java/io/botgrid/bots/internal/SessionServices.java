package io.botgrid.bots.internal;

import io.botgrid.actor.ActorClient;
import io.botgrid.bots.handlers.HandlerRegistry;
import io.opentelemetry.api.trace.Tracer;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * What the Session actor needs from its node: where bots are looked up, which handlers exist, where handlers run
 * (never on the runtime's turn threads) and for how long, where replies go, where counts accumulate, which work
 * reminders this node armed, the actor client handlers call other actors through, and where partial replies go.
 */
record SessionServices(BotDirectory directory, HandlerRegistry handlers, Executor handlerExecutor,
                       Duration handlerTimeout, Outbox outbox, BotCounters counters, WorkReminders reminders,
                       PlatformTelemetry telemetry, Tracer tracer, ActorClient actors, PartialBus partials) {
}
