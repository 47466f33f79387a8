package dev.kcmfa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * No source file of the provider jar reaches back into a file that depends on it: the files' references to each
 * other (by class name, comments and strings left out) form no cycle. A cycle found is printed with its files.
 */
class NoFileReachesBackTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/kcmfa");
    private static final Pattern COMMENTS_AND_STRINGS = Pattern.compile(
            "//[^\\n]*|/\\*[\\s\\S]*?\\*/|\"(?:\\\\.|[^\"\\\\])*\"");

    @Test
    void theFilesReferencesFormNoCycle() throws IOException {
        Map<String, Set<String>> references = references();
        List<Set<String>> cycles = new Cycles(references).find();
        assertEquals(List.of(), cycles, "files that reach back into files that depend on them");
    }

    private static Map<String, Set<String>> references() throws IOException {
        Map<String, String> code = new HashMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String name = file.getFileName().toString().replace(".java", "");
                code.put(name, COMMENTS_AND_STRINGS.matcher(Files.readString(file)).replaceAll(" "));
            }
        }
        Map<String, Set<String>> references = new HashMap<>();
        code.forEach((name, text) -> references.put(name, code.keySet().stream()
                .filter(other -> !other.equals(name) && Pattern.compile("\\b" + other + "\\b").matcher(text).find())
                .collect(Collectors.toSet())));
        return references;
    }

    /** Tarjan's strongly connected components; each one of more than one file is a cycle. */
    private static final class Cycles {
        private final Map<String, Set<String>> references;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final List<String> stack = new ArrayList<>();
        private final List<Set<String>> found = new ArrayList<>();

        Cycles(Map<String, Set<String>> references) {
            this.references = references;
        }

        List<Set<String>> find() {
            new TreeSet<>(references.keySet()).forEach(file -> {
                if (!index.containsKey(file)) {
                    visit(file);
                }
            });
            return found;
        }

        private void visit(String file) {
            index.put(file, index.size());
            low.put(file, index.get(file));
            stack.add(file);
            for (String next : references.get(file)) {
                if (!index.containsKey(next)) {
                    visit(next);
                    low.put(file, Math.min(low.get(file), low.get(next)));
                } else if (stack.contains(next)) {
                    low.put(file, Math.min(low.get(file), index.get(next)));
                }
            }
            if (low.get(file).equals(index.get(file))) {
                Set<String> component = new TreeSet<>();
                String member;
                do {
                    member = stack.remove(stack.size() - 1);
                    component.add(member);
                } while (!member.equals(file));
                if (component.size() > 1) {
                    found.add(component);
                }
            }
        }
    }
}
