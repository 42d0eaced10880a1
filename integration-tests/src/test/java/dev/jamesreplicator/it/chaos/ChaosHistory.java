package dev.jamesreplicator.it.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/** Everything the clients and the fault thread did and saw, in one place, for the oracle. */
public final class ChaosHistory {
    private final long startNanos = System.nanoTime();
    private final List<ChaosEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final List<ChaosSighting> sightings = Collections.synchronizedList(new ArrayList<>());
    private final List<ChaosFaultRecord> faults = Collections.synchronizedList(new ArrayList<>());

    /** Milliseconds since the chaos began: one clock for every record. */
    public long now() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    public void record(ChaosEvent event) {
        events.add(event);
    }

    public void saw(ChaosSighting sighting) {
        sightings.add(sighting);
    }

    public void ran(ChaosFaultRecord fault) {
        faults.add(fault);
    }

    public List<ChaosEvent> events() {
        synchronized (events) {
            return events.stream().sorted(Comparator.comparingLong(ChaosEvent::startMillis)).toList();
        }
    }

    public List<ChaosSighting> sightings() {
        synchronized (sightings) {
            return List.copyOf(sightings);
        }
    }

    public List<ChaosFaultRecord> faults() {
        synchronized (faults) {
            return List.copyOf(faults);
        }
    }
}
