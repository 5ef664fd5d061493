package ma.pmogateway.audit;

import java.time.Clock;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.journal.CheckpointStore;
import ma.pmogateway.security.KeyMaterial;

/**
 * The signed checkpoints of the journal's hash chain: signs one for the current chain head when it has
 * moved since the last one, and keeps it in the journal's {@link CheckpointStore}.
 *
 * <p>As a {@link Runnable} it is the task the gateway schedules every
 * {@code audit.checkpoint-interval-seconds}: each run writes at most one checkpoint and never throws
 * (a failure is logged and the next run tries again). Several nodes may run it; a duplicate checkpoint
 * of the same head is harmless.
 */
public final class Checkpoints implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

    private final CheckpointStore store;
    private final CheckpointSigner signer;
    private final Clock clock;

    /** Creates the checkpoint store of the journal in {@code dataSource}, signing with {@code signer}. */
    public Checkpoints(DataSource dataSource, CheckpointSigner signer, Clock clock) {
        this.store = new CheckpointStore(dataSource);
        this.signer = signer;
        this.clock = clock;
    }

    /** Returns the checkpoint store of {@code dataSource} signing with the gateway identity {@code identity}. */
    public static Checkpoints of(DataSource dataSource, KeyMaterial identity) {
        return new Checkpoints(dataSource, new CheckpointSigner(identity.privateKey(), identity.certificate()),
                Clock.systemUTC());
    }

    /** Writes a checkpoint of the chain head if the head moved since the last one; logs, never throws. */
    @Override
    public void run() {
        try {
            writeIfHeadMoved().ifPresent(id -> LOG.info("journal checkpoint {} written", id));
        } catch (RuntimeException e) {
            LOG.error("journal checkpoint not written", e);
        }
    }

    /**
     * Signs and stores the current chain head, unless the chain is empty or the last checkpoint already
     * covers it; returns the new checkpoint's id.
     *
     * @throws GatewayException {@link ErrorCode#ERREUR_INTERNE} if the database cannot be read or written
     */
    public Optional<Long> writeIfHeadMoved() {
        return store.headNotCheckpointed().map(head -> {
            CheckpointSigner.Checkpoint checkpoint = new CheckpointSigner.Checkpoint(head.sequence(), head.hash(),
                    clock.instant());
            return store.store(head, checkpoint.signedAt(), signer.sign(checkpoint));
        });
    }
}
