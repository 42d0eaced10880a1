package dev.jamesreplicator.state;

import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * This server's annotation journal, per user (docs/metadata.md): the annotations its users
 * removed, the values sessions wrote since the last complete session, and the annotations both
 * servers held after it.
 */
@Singleton
public class AnnotationJournal extends MailboxItemJournal {
    @Inject
    public AnnotationJournal(StateStore store) {
        super(store, "annotation", "the annotation journal");
    }
}
