package dev.kcmfa.policy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed policy documents keyed by their raw JSON text. Parsing is a pure function of the text, so every cluster
 * node may keep its own copy and a changed attribute is simply a new key: nothing to invalidate. Bounded, as the
 * keys come from admin-written attributes.
 */
final class ParsedPolicyCache {

    private static final int MAX_ENTRIES = 1024;
    private static final Map<String, PolicyDocument> PARSED = new ConcurrentHashMap<>();

    private ParsedPolicyCache() {
    }

    static PolicyDocument parse(String raw) throws PolicyException {
        PolicyDocument cached = PARSED.get(raw);
        if (cached != null) {
            return cached;
        }
        PolicyDocument parsed = PolicyDocument.parse(raw);
        if (PARSED.size() >= MAX_ENTRIES) {
            PARSED.clear();
        }
        PARSED.put(raw, parsed);
        return parsed;
    }
}
