package dev.jamesreplicator.pin;

/** The MODSEQ of the next flag update on a thread; forced, James takes it as a change of every message it touches. */
final class FlagUpdatePin extends ModSeqPin {
    private final boolean forced;

    FlagUpdatePin(long modSeq, boolean forced) {
        super(modSeq);
        this.forced = forced;
    }

    boolean forced() {
        return forced;
    }
}
