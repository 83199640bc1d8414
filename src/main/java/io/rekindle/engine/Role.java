package io.rekindle.engine;

import java.util.Arrays;
import java.util.Optional;

/**
 * Who may do what, as engine groups: one user base for our API, the engine REST API and the webapps. A user's
 * roles are the groups they are a member of (Admin → Groups); a user in no group may log in and do nothing.
 */
public enum Role {
    /** Everything, and alone manages users, groups and authorizations (the engine's own admin group). */
    ADMINISTRATOR("camunda-admin", "Administrators"),
    /** Deploys journeys (BPMN) from the Modeler, Cockpit, migrations, the simulator; reads KPIs. */
    MARKETING_OPS("marketing-ops", "Marketing ops"),
    /** Deploys decision tables (DMN) only, runs classifications and reads their explanations; reads KPIs. */
    ANALYST("analyst", "Analysts"),
    /** Tasklist: their group's tasks and the data of those tasks' forms. */
    CUSTOMER_SERVICE("customer-service", "Customer service"),
    /** The company's systems: post contacts and events, nothing else. */
    INTEGRATION("integration", "Integrations"),
    /** Reads the KPIs and the dashboard. */
    VIEWER("viewer", "Viewers");

    private final String groupId;
    private final String groupName;

    Role(String groupId, String groupName) {
        this.groupId = groupId;
        this.groupName = groupName;
    }

    public String groupId() {
        return groupId;
    }

    public String groupName() {
        return groupName;
    }

    /** The name Spring Security checks ({@code hasRole(...)} adds the ROLE_ prefix). */
    public String role() {
        return name();
    }

    static Optional<Role> ofGroup(String groupId) {
        return Arrays.stream(values()).filter(r -> r.groupId.equals(groupId)).findFirst();
    }
}
