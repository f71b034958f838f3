package io.botgrid.actor.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.actor.ActorException;
import io.botgrid.actor.ActorId;
import io.botgrid.proto.v1.ReminderRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import javax.cache.Cache;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CachePeekMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable reminders. Each node looks only at the reminders in partitions it is primary for, so after a failover or
 * a restart the new owner picks them up with the rest of the partition. A reminder fires by calling its actor; its
 * next due time is then moved to the first tick after now, so ticks missed while the cluster was down fire once.
 */
final class ReminderService {
    private static final Logger LOG = LoggerFactory.getLogger(ReminderService.class);
    private static final long FIRE_TIMEOUT_MILLIS = 30_000;

    private final IgniteCache<ReminderKey, byte[]> cache;
    private final Clock clock;
    private final Router router;
    private final Executor blocking;
    private final Set<ReminderKey> firing = ConcurrentHashMap.newKeySet();

    ReminderService(IgniteCache<ReminderKey, byte[]> cache, Clock clock, Router router, Executor blocking) {
        this.cache = cache;
        this.clock = clock;
        this.router = router;
        this.blocking = blocking;
    }

    void register(String actor, String name, Duration firstDelay, Duration period, ByteString command) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("reminder name must not be empty");
        }
        if (firstDelay.isNegative() || period.isNegative()) {
            throw new IllegalArgumentException("reminder delay and period must not be negative");
        }
        ReminderRecord record = ReminderRecord.newBuilder()
                .setDueAtMillis(clock.millis() + firstDelay.toMillis())
                .setPeriodMillis(period.toMillis())
                .setCommand(command)
                .build();
        try {
            cache.put(new ReminderKey(actor, name), record.toByteArray());
        } catch (RuntimeException e) {
            throw StorageErrors.journalError(actor, "reminder write", e);
        }
    }

    void unregister(String actor, String name) {
        try {
            cache.remove(new ReminderKey(actor, name));
        } catch (RuntimeException e) {
            throw StorageErrors.journalError(actor, "reminder removal", e);
        }
    }

    /** Fires the due reminders of this node's primary partitions. Runs on the blocking pool. */
    void tick() {
        long now = clock.millis();
        try {
            for (Cache.Entry<ReminderKey, byte[]> e : cache.localEntries(CachePeekMode.PRIMARY)) {
                ReminderRecord record;
                try {
                    record = ReminderRecord.parseFrom(e.getValue());
                } catch (InvalidProtocolBufferException ex) {
                    LOG.warn("Reminder {} does not parse; removing it", e.getKey());
                    cache.remove(e.getKey());
                    continue;
                }
                if (record.getDueAtMillis() <= now && firing.add(e.getKey())) {
                    fire(e.getKey(), e.getValue(), record);
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("Reminder scan interrupted: {}", e.getMessage());
        }
    }

    private void fire(ReminderKey key, byte[] stored, ReminderRecord record) {
        ActorId id;
        try {
            id = ActorId.parse(key.actor());
            router.askInternal(id, record.getCommand(), FIRE_TIMEOUT_MILLIS).whenCompleteAsync((reply, error) -> {
                try {
                    if (error instanceof ActorException a && a.isRetryable()) {
                        return; // the next tick tries again
                    }
                    if (error != null) {
                        LOG.warn("Reminder '{}' of {} failed: {}", key.name(), id, error.getMessage());
                    }
                    advance(key, stored, record);
                } finally {
                    firing.remove(key);
                }
            }, blocking);
        } catch (RuntimeException e) {
            LOG.warn("Reminder '{}' of {} cannot fire: {}", key.name(), key.actor(), e.getMessage());
            firing.remove(key);
            advance(key, stored, record);
        }
    }

    private void advance(ReminderKey key, byte[] stored, ReminderRecord record) {
        try {
            if (record.getPeriodMillis() == 0) {
                cache.remove(key, stored);
                return;
            }
            long next = nextDue(record.getDueAtMillis(), record.getPeriodMillis(), clock.millis());
            byte[] updated = record.toBuilder().setDueAtMillis(next).build().toByteArray();
            if (!cache.replace(key, stored, updated) && LOG.isDebugEnabled()) {
                LOG.debug("Reminder {} changed while firing; keeping the new version", key);
            }
        } catch (RuntimeException e) {
            LOG.warn("Reminder {} could not be advanced: {}", key, e.getMessage());
        }
    }

    /** The first tick of the period grid that is after {@code now}: missed ticks collapse into the one just fired. */
    static long nextDue(long due, long period, long now) {
        if (now < due) {
            return due + period;
        }
        long missed = (now - due) / period;
        return due + (missed + 1) * period;
    }
}
