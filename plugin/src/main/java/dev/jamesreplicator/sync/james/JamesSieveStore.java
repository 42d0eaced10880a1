package dev.jamesreplicator.sync.james;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.james.core.Username;
import org.apache.james.sieverepository.api.ScriptContent;
import org.apache.james.sieverepository.api.ScriptName;
import org.apache.james.sieverepository.api.ScriptSummary;
import org.apache.james.sieverepository.api.SieveRepository;

import dev.jamesreplicator.content.Sha256;
import dev.jamesreplicator.model.SieveState;
import dev.jamesreplicator.model.SieveTombstones;
import dev.jamesreplicator.sieve.SieveWrites;
import dev.jamesreplicator.state.SieveJournal;
import dev.jamesreplicator.sync.SieveStore;
import dev.jamesreplicator.sync.SyncException.Code;
import dev.jamesreplicator.sync.SyncException;

/**
 * One user's Sieve scripts on this server, through James's {@link SieveRepository}: read with
 * this server's records of them under the user's Sieve lock (so no change falls between the
 * two), written as the replicator (so the agent's hook records nothing and queues no one), each
 * write only if the script still is what the plan saw (else CONFLICT: the session plans again).
 */
public final class JamesSieveStore implements SieveStore {
    private final SieveRepository repository;
    private final SieveJournal journal;
    private final Username user;

    public JamesSieveStore(SieveRepository repository, SieveJournal journal, Username user) {
        this.repository = repository;
        this.journal = journal;
        this.user = user;
    }

    @Override
    public Snapshot read() throws Exception {
        return SieveWrites.locked(user.asString(), () -> {
            Map<String, String> scripts = new TreeMap<>();
            String active = null;
            for (ScriptSummary summary : repository.listScripts(user)) {
                String name = summary.getName().getValue();
                try (InputStream content = repository.getScript(user, summary.getName())) {
                    scripts.put(name, Sha256.of(content));
                }
                if (summary.isActive()) {
                    active = name;
                }
            }
            return new Snapshot(new SieveState(scripts, active), journal.tombstones(user.asString()));
        });
    }

    /** The script's bytes as James stores them (UTF-8: ManageSieve and James take nothing else). */
    @Override
    public byte[] content(String name) throws Exception {
        try (InputStream content = repository.getScript(user, new ScriptName(name))) {
            return content.readAllBytes();
        }
    }

    @Override
    public void put(String name, byte[] content, Optional<String> replacing) throws Exception {
        // James checks the user's Sieve quota here: a twin with a smaller one refuses, and the session fails.
        write(() -> {
            expect(name, replacing);
            repository.putScript(user, new ScriptName(name), new ScriptContent(new String(content, StandardCharsets.UTF_8)));
        });
    }

    @Override
    public void activate(Optional<String> name, Optional<String> replacing) throws Exception {
        write(() -> {
            Optional<String> active = repository.listScripts(user).stream()
                .filter(ScriptSummary::isActive).map(summary -> summary.getName().getValue()).findFirst();
            if (!active.equals(replacing)) {
                throw new SyncException(Code.CONFLICT, "the active Sieve script of " + user.asString()
                    + " changed since it was read");
            }
            repository.setActive(user, name.map(ScriptName::new).orElse(SieveRepository.NO_SCRIPT_NAME));
        });
    }

    @Override
    public void delete(String name, String sha256) throws Exception {
        write(() -> {
            expect(name, Optional.of(sha256));
            repository.deleteScript(user, new ScriptName(name));
        });
    }

    private interface Write {
        void run() throws Exception;
    }

    /** Under the user's lock, so the check and the write see no client's change between them. */
    private void write(Write write) throws Exception {
        SieveWrites.locked(user.asString(), () -> SieveWrites.asReplicator(() -> {
            write.run();
            return null;
        }));
    }

    private void expect(String name, Optional<String> sha256) throws Exception {
        Optional<String> current = Optional.empty();
        boolean exists = repository.listScripts(user).stream().anyMatch(summary -> summary.getName().getValue().equals(name));
        if (exists) {
            try (InputStream content = repository.getScript(user, new ScriptName(name))) {
                current = Optional.of(Sha256.of(content));
            }
        }
        if (!current.equals(sha256)) {
            throw new SyncException(Code.CONFLICT, "the Sieve script " + name + " of " + user.asString()
                + " changed since it was read");
        }
    }

    @Override
    public SieveState common() {
        return journal.common(user.asString());
    }

    @Override
    public void completeSync(SieveState agreed, SieveTombstones honoured) {
        journal.completeSync(user.asString(), agreed, honoured);
    }
}
