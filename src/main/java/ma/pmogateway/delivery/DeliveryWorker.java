package ma.pmogateway.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ma.pmogateway.error.GatewayException;
import ma.pmogateway.journal.Outbox;
import ma.pmogateway.journal.OutboxEntry;
import ma.pmogateway.transform.Transformer;

/**
 * Drains the {@link Outbox} towards the PMO: claims due entries, delivers each with the
 * {@link Depositor} (the {@link PmoClient}), records the acknowledgement and the PMO's feedback
 * (translated into the Al Omrane format), and on failure retries with backoff until the attempt or age
 * limit, then dead-letters.
 *
 * <p>Every failure goes that one way, whether the PMO did not acknowledge or the gateway could not
 * translate or record what it acknowledged: an entry ends delivered or as a dead letter with its
 * reason, never redelivered forever. Several workers, on one node or several sharing the database,
 * cooperate through the outbox's row locks and leases; the order per project is the outbox's rule. A
 * crash between the PMO's acknowledgement and its recording leads to a second delivery after the lease,
 * which the PMO recognises by its message id; a worker that outlived its lease has its outcome refused.
 */
public final class DeliveryWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);

    private final Outbox outbox;
    private final Depositor client;
    private final Transformer transformer;
    private final DeliverySettings settings;
    private final Clock clock;
    private final DeliveryObserver observer;
    private final String node = "node-" + UUID.randomUUID();
    private final ExecutorService deliveries;
    private final Semaphore slots;
    /** One permit per delivery ended since the poller last claimed: entries of its project may now be due. */
    private final Semaphore finished = new Semaphore(0);
    private final Thread poller;
    private volatile boolean running = true;

    public DeliveryWorker(Outbox outbox, Depositor client, Transformer transformer, DeliverySettings settings,
            Clock clock) {
        this(outbox, client, transformer, settings, clock, DeliveryObserver.NONE);
    }

    /** A worker that tells {@code observer} the outcome of every attempt (the delivery log and metrics). */
    public DeliveryWorker(Outbox outbox, Depositor client, Transformer transformer, DeliverySettings settings,
            Clock clock, DeliveryObserver observer) {
        this.observer = observer;
        this.outbox = outbox;
        this.client = client;
        this.transformer = transformer;
        this.settings = settings;
        this.clock = clock;
        this.deliveries = Executors.newFixedThreadPool(settings.concurrency(), runnable -> {
            Thread thread = new Thread(runnable, "pmo-delivery");
            thread.setDaemon(true);
            return thread;
        });
        this.slots = new Semaphore(settings.concurrency());
        this.poller = new Thread(this::poll, "pmo-delivery-poller");
        this.poller.setDaemon(true);
    }

    /** Starts polling the outbox. */
    public DeliveryWorker start() {
        poller.start();
        return this;
    }

    /**
     * Claims as many due entries as there are free slots, as soon as a slot is free. When the outbox
     * gave fewer, the rest is not due yet or waits behind a delivery in flight of its project: the
     * poller then sleeps the poll interval, cut short by the end of any delivery.
     */
    private void poll() {
        while (running) {
            try {
                int free = takeFreeSlots();
                if (!running) {
                    return;
                }
                // Deliveries ended before this claim are seen by it; only those ending after it must wake the poller.
                finished.drainPermits();
                List<OutboxEntry> claimed = claim(free);
                claimed.forEach(this::dispatch);
                if (claimed.size() < free) {
                    finished.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (GatewayException e) {
                LOG.warn("Outbox unavailable; will look again", e);
                pause();
            }
        }
    }

    /** Waits until a delivery slot is free, then takes every free slot and returns how many. */
    private int takeFreeSlots() throws InterruptedException {
        slots.acquire();
        return 1 + slots.drainPermits();
    }

    /** Claims up to {@code free} entries, handing back the slots it could not fill (all of them on failure). */
    private List<OutboxEntry> claim(int free) {
        List<OutboxEntry> claimed;
        try {
            claimed = outbox.claim(node, free, clock.instant(), settings.lease());
        } catch (GatewayException e) {
            slots.release(free);
            throw e;
        }
        slots.release(free - claimed.size());
        return claimed;
    }

    /** Delivers {@code entry} on a slot already taken for it, then frees the slot and wakes the poller. */
    private void dispatch(OutboxEntry entry) {
        deliveries.execute(() -> {
            try {
                deliver(entry);
            } finally {
                slots.release();
                finished.release();
            }
        });
    }

    /** Delivers one claimed entry and records its outcome. */
    void deliver(OutboxEntry entry) {
        long started = System.nanoTime();
        Outbox.Deposit deposit;
        try {
            deposit = client.deposit(entry);
        } catch (DeliveryFailure failure) {
            recordFailure(entry, failure, since(started));
            return;
        } catch (RuntimeException e) {
            recordFailure(entry, new DeliveryFailure("deposit failed: " + describe(e), true, e), since(started));
            return;
        }
        // The PMO acknowledged: a failure from here on is the gateway's, retried (the PMO recognises the
        // redelivery by its message id) until the limits, then left to the operator as a dead letter.
        List<byte[]> feedback;
        try {
            feedback = transformer.feedbackToAo(deposit.acknowledgement(), UUID.fromString(entry.exchangeId()));
        } catch (RuntimeException e) {
            recordFailure(entry, new DeliveryFailure("acknowledged by the PMO, but its feedback cannot be translated: "
                    + describe(e), true, e), since(started));
            return;
        }
        try {
            if (outbox.delivered(entry, deposit, feedback, clock.instant())) {
                observer.attempted(entry, DeliveryObserver.Outcome.DELIVERED, since(started), null, null);
            } else {
                LOG.warn("Delivery of exchange {} not recorded: its lease expired and another worker took it over",
                        entry.exchangeId());
                observer.attempted(entry, DeliveryObserver.Outcome.UNRECORDED, since(started), null, "lease taken over");
            }
        } catch (RuntimeException e) {
            recordFailure(entry, new DeliveryFailure("acknowledged by the PMO, but not recorded: " + describe(e), true,
                    e), since(started));
        }
    }

    /** Retries {@code entry} later, or dead-letters it when the failure is permanent or the limits are reached. */
    private void recordFailure(OutboxEntry entry, DeliveryFailure failure, Duration took) {
        Instant now = clock.instant();
        boolean exhausted = entry.attempts() >= settings.maxAttempts()
                || Duration.between(entry.createdAt(), now).compareTo(settings.maxAge()) > 0;
        try {
            boolean held;
            if (!failure.isTemporary() || exhausted) {
                held = outbox.deadLetter(entry, failure.getMessage());
                observer.attempted(entry, DeliveryObserver.Outcome.DEAD_LETTER, took, null, failure.getMessage());
            } else {
                Duration wait = settings.backoff(entry.attempts(), ThreadLocalRandom.current().nextDouble());
                held = outbox.retryLater(entry, failure.getMessage(), now.plus(wait));
                observer.attempted(entry, DeliveryObserver.Outcome.RETRY, took, wait, failure.getMessage());
            }
            if (!held) {
                LOG.warn("Outcome of exchange {} not recorded: its lease expired and another worker took it over",
                        entry.exchangeId());
            }
        } catch (GatewayException e) {
            // The journal is out of reach: the lease hands the entry out again, and that claim counts an attempt.
            LOG.error("Failure of the delivery of exchange {} could not be recorded", entry.exchangeId(), e);
            observer.attempted(entry, DeliveryObserver.Outcome.UNRECORDED, took, null, e.getMessage());
        }
    }

    /** The failure's message and its cause's, for the entry's reason. */
    private static String describe(RuntimeException e) {
        Throwable cause = e.getCause();
        return e.getMessage() + (cause == null || cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")");
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private void pause() {
        try {
            Thread.sleep(settings.pollInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * Stops claiming, lets deliveries in flight finish and record their outcome (up to 10 s), then stops.
     * No thread is interrupted: an interrupt in the middle of a JDBC call closes H2's file, and the
     * journal with it, under the deliveries still recording their outcome.
     */
    public void close() {
        running = false;
        // Wakes the poller wherever it waits: for a free slot, or for the end of a delivery.
        slots.release();
        finished.release();
        try {
            // The poller first: once it has stopped, no entry it claimed is handed to a pool already shut
            // down (and left to wait for its lease).
            poller.join(TimeUnit.SECONDS.toMillis(10));
            deliveries.shutdown();
            deliveries.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            deliveries.shutdown();
            Thread.currentThread().interrupt();
        }
    }
}
