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
import ma.pmogateway.transform.Transformer;

/**
 * Drains the {@link Outbox} towards the PMO: claims due entries, delivers each with the
 * {@link PmoClient}, records the acknowledgement and the PMO's feedback (translated into the Al Omrane
 * format), and on failure retries with backoff until the attempt or age limit, then dead-letters.
 *
 * <p>Several workers, on one node or several sharing the database, cooperate through the outbox's row
 * locks; the order per project is the outbox's rule. A crash between the PMO's acknowledgement and
 * its recording leads to a second delivery after the lease, which the PMO recognises by its message id.
 */
public final class DeliveryWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);

    private final Outbox outbox;
    private final PmoClient client;
    private final Transformer transformer;
    private final DeliverySettings settings;
    private final Clock clock;
    private final String node = "node-" + UUID.randomUUID();
    private final ExecutorService deliveries;
    private final Semaphore slots;
    /** One permit per delivery ended since the poller last claimed: entries of its project may now be due. */
    private final Semaphore finished = new Semaphore(0);
    private final Thread poller;
    private volatile boolean running = true;

    public DeliveryWorker(Outbox outbox, PmoClient client, Transformer transformer, DeliverySettings settings,
            Clock clock) {
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
        try {
            PmoClient.Deposit deposit = client.deposit(entry);
            List<byte[]> feedback = transformer.feedbackToAo(deposit.acknowledgement(),
                    UUID.fromString(entry.exchangeId()));
            outbox.delivered(entry, deposit, feedback, clock.instant());
        } catch (DeliveryFailure failure) {
            recordFailure(entry, failure);
        } catch (GatewayException e) {
            // Could not record the outcome: the lease will hand the entry to a worker again.
            LOG.error("Delivery of exchange {} could not be recorded", entry.exchangeId(), e);
        }
    }

    private void recordFailure(OutboxEntry entry, DeliveryFailure failure) {
        Instant now = clock.instant();
        boolean exhausted = entry.attempts() >= settings.maxAttempts()
                || Duration.between(entry.createdAt(), now).compareTo(settings.maxAge()) > 0;
        if (!failure.isTemporary() || exhausted) {
            LOG.warn("Exchange {} dead-lettered after {} attempt(s): {}", entry.exchangeId(), entry.attempts(),
                    failure.getMessage());
            outbox.deadLetter(entry, failure.getMessage());
        } else {
            Duration wait = settings.backoff(entry.attempts(), ThreadLocalRandom.current().nextDouble());
            LOG.info("Exchange {} not delivered (attempt {}), retry in {} ms: {}", entry.exchangeId(),
                    entry.attempts(), wait.toMillis(), failure.getMessage());
            outbox.retryLater(entry, failure.getMessage(), now.plus(wait));
        }
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
