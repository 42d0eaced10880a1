package dev.jamesreplicator.replicator;

import javax.inject.Inject;

import dev.jamesreplicator.jpa.StoredAcls;
import dev.jamesreplicator.state.JpaAcls;

/**
 * Hands the JPA backend's ACL storage to the agent while Guice builds James (an eager singleton),
 * before James serves IMAP or reads a mailbox: a mailbox read earlier would come without its ACL,
 * and a SETACL on it would start from none (docs/acl.md). {@link ReplicatorStartable#stop} takes
 * it back.
 */
public final class JpaAclRegistration {
    @Inject
    public JpaAclRegistration(JpaAcls jpaAcls) {
        StoredAcls.use(jpaAcls);
    }
}
