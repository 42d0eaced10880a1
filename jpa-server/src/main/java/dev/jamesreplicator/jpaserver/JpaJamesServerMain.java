package dev.jamesreplicator.jpaserver;

import org.apache.james.ExtraProperties;
import org.apache.james.FakeSearchMailboxModule;
import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerMain;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.modules.RunArgumentsModule;
import org.apache.james.modules.server.JMXServerModule;

import com.google.inject.Module;
import com.google.inject.util.Modules;

/**
 * A persistent James 3.8.1: the memory app's protocols, WebAdmin, mailet container and the rest,
 * with mailboxes, users, domains and recipient rewrites in JPA ({@link JpaStorageModule}) and the
 * mail queue in ActiveMQ with KahaDB ({@link ActiveMqQueueModule}). James's own JPA server and its
 * Guice wiring are not published for 3.8.1, so this class and its modules stand in for them.
 */
public final class JpaJamesServerMain implements JamesServerMain {

    private JpaJamesServerMain() {
    }

    public static void main(String[] args) throws Exception {
        ExtraProperties.initialize();
        MemoryJamesConfiguration configuration = MemoryJamesConfiguration.builder()
            .useWorkingDirectoryEnvProperty()
            .build();
        JamesServerMain.main(createServer(configuration)
            .combineWith(new JMXServerModule())
            .overrideWith(new RunArgumentsModule(args)));
    }

    static GuiceJamesServer createServer(MemoryJamesConfiguration configuration) {
        // The memory app's aggregate minus two start-up contributions that cannot work on JPA
        // (MemoryAppWithoutMemoryMailbox says which); FakeSearchMailboxModule is what the memory
        // app's main adds for search too (it scans the mailbox, fine for one node's mail).
        Module memoryApp = MemoryAppWithoutMemoryMailbox.of(Modules.combine(
            MemoryJamesServerMain.IN_MEMORY_SERVER_AGGREGATE_MODULE,
            new FakeSearchMailboxModule()));
        return GuiceJamesServer.forConfiguration(configuration)
            .combineWith(Modules.override(memoryApp).with(new JpaStorageModule(), new ActiveMqQueueModule()));
    }
}
