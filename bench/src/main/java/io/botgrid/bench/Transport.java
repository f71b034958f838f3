package io.botgrid.bench;

/**
 * The remote transport a benchmark cluster uses, as the bench names it ({@code --transport messaging,compute}). The
 * bench keeps its own enum so that only {@link BenchInternals} knows the runtime's internal type behind it.
 */
enum Transport {
    MESSAGING,
    COMPUTE
}
