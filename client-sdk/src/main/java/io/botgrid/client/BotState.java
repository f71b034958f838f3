package io.botgrid.client;

/** Whether a bot answers: operators pause a bot to silence it without losing what users send meanwhile. */
public enum BotState {
    /** Takes messages and answers them. */
    ACTIVE,
    /** Records messages, does not answer. */
    PAUSED,
    /** Takes no messages; its sessions are kept. */
    DELETED,
    /** A state this SDK does not know yet (a newer server). */
    UNKNOWN
}
