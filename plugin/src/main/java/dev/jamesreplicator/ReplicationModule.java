package dev.jamesreplicator;

import javax.inject.Singleton;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.server.core.configuration.ConfigurationProvider;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

import dev.jamesreplicator.annotation.AnnotationWrites;
import dev.jamesreplicator.capture.AnnotationListener;
import dev.jamesreplicator.capture.ServerDataListener;
import dev.jamesreplicator.capture.SieveListener;
import dev.jamesreplicator.config.ReplicationConfig;
import dev.jamesreplicator.config.ReplicationConfigParser;
import dev.jamesreplicator.replicator.JpaAclRegistration;
import dev.jamesreplicator.replicator.LastSessions;
import dev.jamesreplicator.replicator.NewMailWaits;
import dev.jamesreplicator.replicator.QueueRecords;
import dev.jamesreplicator.replicator.ReplicationQueue;
import dev.jamesreplicator.replicator.ReplicatorMetrics;
import dev.jamesreplicator.replicator.SyncWorkers;
import dev.jamesreplicator.replicator.TwinOutage;
import dev.jamesreplicator.replicator.TwinProbe;
import dev.jamesreplicator.serverdata.ServerDataWrites;
import dev.jamesreplicator.sieve.SieveWrites;
import dev.jamesreplicator.state.ContentHashes;
import dev.jamesreplicator.state.Journal;
import dev.jamesreplicator.state.MailboxIdentities;
import dev.jamesreplicator.state.NoReplicateList;
import dev.jamesreplicator.state.OwnSessions;
import dev.jamesreplicator.state.AclJournal;
import dev.jamesreplicator.state.AnnotationJournal;
import dev.jamesreplicator.state.JpaAcls;
import dev.jamesreplicator.state.ServerDataJournal;
import dev.jamesreplicator.state.SieveJournal;
import dev.jamesreplicator.state.StateStore;
import dev.jamesreplicator.sync.ReplicationLink;
import dev.jamesreplicator.sync.SyncService;
import dev.jamesreplicator.sync.UserLocks;
import dev.jamesreplicator.sync.UserSync;

/**
 * The plugin's Guice bindings, named in extensions.properties. One instance of each part is
 * shared by the listener, the startable and the WebAdmin routes.
 */
public class ReplicationModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(ReplicationQueue.class).in(Singleton.class);
        bind(OwnSessions.class).in(Singleton.class);
        bind(UserLocks.class).in(Singleton.class);
        bind(ContentHashes.class).in(Singleton.class);
        bind(StateStore.class).in(Singleton.class);
        bind(Journal.class).in(Singleton.class);
        bind(MailboxIdentities.class).in(Singleton.class);
        bind(NoReplicateList.class).in(Singleton.class);
        bind(ReplicationLink.class).in(Singleton.class);
        bind(SyncService.class).in(Singleton.class);
        bind(UserSync.class).in(Singleton.class);
        bind(SyncWorkers.class).in(Singleton.class);
        bind(QueueRecords.class).in(Singleton.class);
        bind(ReplicatorMetrics.class).in(Singleton.class);
        bind(LastSessions.class).in(Singleton.class);
        bind(TwinOutage.class).in(Singleton.class);
        bind(TwinProbe.class).in(Singleton.class);
        bind(NewMailWaits.class).in(Singleton.class);
        bind(SieveJournal.class).in(Singleton.class);
        bind(SieveWrites.Listener.class).to(SieveListener.class).in(Singleton.class);
        bind(AnnotationJournal.class).in(Singleton.class);
        bind(AnnotationWrites.Listener.class).to(AnnotationListener.class).in(Singleton.class);
        bind(AclJournal.class).in(Singleton.class);
        bind(JpaAcls.class).in(Singleton.class);
        bind(JpaAclRegistration.class).asEagerSingleton();
        bind(ServerDataJournal.class).in(Singleton.class);
        bind(ServerDataWrites.Listener.class).to(ServerDataListener.class).in(Singleton.class);
    }

    @Provides
    @Singleton
    ReplicationConfig replicationConfig(ConfigurationProvider configurationProvider) throws ConfigurationException {
        return ReplicationConfigParser.forThisProcess().parse(configurationProvider.getConfiguration("replication"));
    }
}
