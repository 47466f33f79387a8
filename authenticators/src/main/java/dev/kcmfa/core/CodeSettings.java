package dev.kcmfa.core;

/**
 * The per-login settings of a {@link CodeCheck}: digits in a code, seconds a user waits before asking for another,
 * and how many codes one login may send.
 */
public record CodeSettings(int length, int resendCooldownSeconds, int maxSendsPerLogin) {
}
