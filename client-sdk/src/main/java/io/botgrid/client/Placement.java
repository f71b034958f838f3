package io.botgrid.client;

import java.util.List;

/** Where an actor lives: its owner node and the nodes holding its backups. */
public record Placement(String owner, List<String> backups) {
    public Placement {
        backups = List.copyOf(backups);
    }
}
