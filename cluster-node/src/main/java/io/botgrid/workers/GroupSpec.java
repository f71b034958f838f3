package io.botgrid.workers;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Workers that live and die together: when one crashes (or ends in a way its policy restarts), all members are
 * stopped and the group is restarted as a whole by its policy (Erlang's {@code one_for_all}). A member is addressed
 * as {@code groupId/memberId}; a broadcast reaches each live member once.
 *
 * @param members at least one, names unique within the group
 */
public record GroupSpec(String id, List<Member> members, RestartPolicy restart, Placement placement)
        implements WorkerSpec {
    /** One member of a group. */
    public record Member(String id, FunctionRef function) {
        public Member {
            Objects.requireNonNull(function, "function");
        }
    }

    public GroupSpec {
        SpecIds.check("id", id);
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(placement, "placement");
        members = List.copyOf(Objects.requireNonNull(members, "members"));
        if (members.isEmpty()) {
            throw new InvalidWorkerSpecException("members", "a group needs at least one member");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < members.size(); i++) {
            String m = SpecIds.check("members[" + i + "].id", members.get(i).id());
            if (!seen.add(m)) {
                throw new InvalidWorkerSpecException("members[" + i + "].id", "duplicate member id '" + m + "'");
            }
        }
    }

    /** A group with the default policy, placed anywhere. */
    public static GroupSpec of(String id, List<Member> members) {
        return new GroupSpec(id, members, RestartPolicy.DEFAULT, Placement.any());
    }

    public GroupSpec withRestart(RestartPolicy p) {
        return new GroupSpec(id, members, p, placement);
    }

    /** The worker id of a member: {@code groupId/memberId}. */
    public String workerId(String memberId) {
        return id + "/" + memberId;
    }

    @Override
    public Map<String, FunctionRef> functions() {
        Map<String, FunctionRef> f = new LinkedHashMap<>();
        for (int i = 0; i < members.size(); i++) {
            f.put("members[" + i + "].function", members.get(i).function());
        }
        return f;
    }
}
