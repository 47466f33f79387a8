package dev.kcmfa.benchmarks;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.kcmfa.policy.MfaPolicy;
import dev.kcmfa.policy.PolicyResolver;
import org.keycloak.models.GroupModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long the policy of one user takes to resolve, for a user in 20 groups 8 levels deep, every level with a
 * policy of its own, in realms of 200 and 10,000 groups. The realm, groups and user are in-memory stand-ins that
 * answer only what the resolver asks (attributes, names, parents, memberships): this measures the resolver's own
 * work, which must not grow with the number of groups in the realm. Database and cache costs are Keycloak's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PolicyResolutionBenchmark {

    static final int DEPTH = 8;
    static final int USER_GROUPS = 20;

    @Param({"200", "10000"})
    int realmGroups;

    PolicyResolver resolver;
    UserModel user;

    @Setup
    public void buildRealm() {
        Map<String, String> attributes = new HashMap<>();
        attributes.put(PolicyResolver.attribute(PolicyResolver.DEFAULT_SCOPE), "{\"enforcement\":\"optional\"}");
        List<GroupModel> userGroups = new ArrayList<>();
        int created = 0;
        for (int chain = 0; created < realmGroups; chain++) {
            GroupModel parent = null;
            for (int level = 0; level < DEPTH && created < realmGroups; level++, created++) {
                String name = "g" + chain + "-" + level;
                parent = group(name, parent);
                attributes.put(PolicyResolver.attribute(PolicyResolver.groupIdScope("id-" + name)), policyFor(level));
            }
            if (chain < USER_GROUPS) {
                userGroups.add(parent);
            }
        }
        resolver = new PolicyResolver(realm(attributes));
        user = user(userGroups);
    }

    @Benchmark
    public MfaPolicy resolveUserIn20GroupsOf8Levels() {
        return resolver.resolve(user);
    }

    private static String policyFor(int level) {
        return switch (level % 4) {
            case 0 -> "{\"enforcement\":\"required\",\"methods\":[\"totp\",\"email\",\"push\"]}";
            case 1 -> "{\"trustedNetworks\":[\"10." + level + ".0.0/16\",\"2001:db8:" + level + "::/48\"]}";
            case 2 -> "{\"rememberDevice\":\"P" + (level + 1) + "D\",\"maxAttempts\":" + (3 + level % 3) + "}";
            default -> "{\"codeTtl\":\"PT" + (level + 2) + "M\",\"enrollmentGrace\":\"P7D\"}";
        };
    }

    private static RealmModel realm(Map<String, String> attributes) {
        return proxy(RealmModel.class, (method, args) -> switch (method) {
            case "getAttribute" -> attributes.get((String) args[0]);
            case "getName" -> "benchmark";
            default -> unsupported(method);
        });
    }

    private static GroupModel group(String name, GroupModel parent) {
        return proxy(GroupModel.class, (method, args) -> switch (method) {
            case "getName" -> name;
            case "getId" -> "id-" + name;
            case "getParent" -> parent;
            default -> unsupported(method);
        });
    }

    private static UserModel user(List<GroupModel> groups) {
        return proxy(UserModel.class, (method, args) -> switch (method) {
            case "getGroupsStream" -> groups.stream();
            case "getId" -> "user-1";
            case "getEmail" -> "user@example.org";
            case "isEmailVerified" -> Boolean.TRUE;
            default -> unsupported(method);
        });
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type},
                (self, method, args) -> answer.answer(method.getName(), args));
    }

    private static Object unsupported(String method) {
        throw new UnsupportedOperationException("the resolver is not expected to call " + method);
    }
}

