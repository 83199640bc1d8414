package io.rekindle.engine;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.List;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Seeds the groups of our roles ({@link Role}) and what each may do in the engine and the webapps, the first time a
 * node starts (what an administrator changes later in Admin stays). Engine authorization is on
 * ({@code camunda.bpm.authorization.enabled}): the engine REST API and the webapps obey these, and only the
 * administrators' group manages users, groups and authorizations. Integrations and viewers get nothing here: they
 * use our own API only.
 */
@Component
class EngineAuthorizations {

    private static final Logger log = LoggerFactory.getLogger(EngineAuthorizations.class);

    record Grant(Role role, Resource resource, String resourceId, List<Permission> permissions) {
    }

    static final List<Grant> GRANTS = List.of(
            // marketing ops: deploy journeys, follow and repair them in Cockpit, migrate them
            new Grant(Role.MARKETING_OPS, Resources.APPLICATION, "cockpit", List.of(Permissions.ACCESS)),
            new Grant(Role.MARKETING_OPS, Resources.DEPLOYMENT, ANY,
                    List.of(Permissions.CREATE, Permissions.READ, Permissions.DELETE)),
            new Grant(Role.MARKETING_OPS, Resources.PROCESS_DEFINITION, ANY, List.of(ProcessDefinitionPermissions.READ,
                    ProcessDefinitionPermissions.READ_HISTORY, ProcessDefinitionPermissions.READ_INSTANCE,
                    ProcessDefinitionPermissions.UPDATE_INSTANCE, ProcessDefinitionPermissions.MIGRATE_INSTANCE,
                    ProcessDefinitionPermissions.RETRY_JOB, ProcessDefinitionPermissions.READ_TASK,
                    ProcessDefinitionPermissions.SUSPEND_INSTANCE, ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE,
                    ProcessDefinitionPermissions.READ_HISTORY_VARIABLE)),
            new Grant(Role.MARKETING_OPS, Resources.PROCESS_INSTANCE, ANY, List.of(Permissions.READ, Permissions.UPDATE)),
            new Grant(Role.MARKETING_OPS, Resources.DECISION_DEFINITION, ANY,
                    List.of(Permissions.READ, Permissions.READ_HISTORY)),
            new Grant(Role.MARKETING_OPS, Resources.DECISION_REQUIREMENTS_DEFINITION, ANY, List.of(Permissions.READ)),
            new Grant(Role.MARKETING_OPS, Resources.BATCH, ANY, List.of(Permissions.CREATE, Permissions.READ)),
            new Grant(Role.MARKETING_OPS, Resources.TASK, ANY, List.of(Permissions.READ)),
            // analysts: deploy decision tables (a BPMN in their deployment is refused: EngineInternals.Hardening)
            new Grant(Role.ANALYST, Resources.APPLICATION, "cockpit", List.of(Permissions.ACCESS)),
            new Grant(Role.ANALYST, Resources.DEPLOYMENT, ANY, List.of(Permissions.CREATE, Permissions.READ)),
            new Grant(Role.ANALYST, Resources.DECISION_DEFINITION, ANY,
                    List.of(Permissions.READ, Permissions.READ_HISTORY, Permissions.CREATE_INSTANCE)),
            new Grant(Role.ANALYST, Resources.DECISION_REQUIREMENTS_DEFINITION, ANY, List.of(Permissions.READ)),
            new Grant(Role.ANALYST, Resources.PROCESS_DEFINITION, "daily-classification",
                    List.of(ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.READ_HISTORY)),
            // customer service: Tasklist; the engine itself grants a group READ and work on each task it is a
            // candidate for, so they see their group's tasks (and those tasks' form data) only
            new Grant(Role.CUSTOMER_SERVICE, Resources.APPLICATION, "tasklist", List.of(Permissions.ACCESS)),
            new Grant(Role.CUSTOMER_SERVICE, Resources.FILTER, ANY, List.of(Permissions.READ)),
            new Grant(Role.CUSTOMER_SERVICE, Resources.PROCESS_DEFINITION, "satisfaction-survey",
                    List.of(ProcessDefinitionPermissions.READ)));

    private final IdentityService identity;
    private final AuthorizationService authorizations;
    private final String administrator;

    EngineAuthorizations(IdentityService identity, AuthorizationService authorizations,
            @Value("${rekindle.security.admin-user}") String administrator) {
        this.identity = identity;
        this.authorizations = authorizations;
        this.administrator = administrator;
    }

    @EventListener(ApplicationReadyEvent.class)
    void seed() {
        for (Role role : Role.values()) {
            if (identity.createGroupQuery().groupId(role.groupId()).count() == 0) {
                var group = identity.newGroup(role.groupId());
                group.setName(role.groupName());
                group.setType(Groups.GROUP_TYPE_WORKFLOW);
                try {
                    identity.saveGroup(group);
                } catch (RuntimeException anotherNodeWasFirst) {
                    log.debug("Group {} created by another node", role.groupId());
                }
            }
        }
        // the configured administrator belongs to the group this engine calls its administrators'. After a move from
        // Camunda (camunda-admin) to Operaton (operaton-admin) on the same database, they would otherwise be a
        // stranger to their own journeys and users (README "Engine").
        if (identity.createUserQuery().userId(administrator).count() == 1 && identity.createUserQuery()
                .userId(administrator).memberOfGroup(Role.ADMINISTRATOR.groupId()).count() == 0) {
            try {
                identity.createMembership(administrator, Role.ADMINISTRATOR.groupId());
                log.info("The administrator joined the engine's administrators' group {}", Role.ADMINISTRATOR.groupId());
            } catch (RuntimeException anotherNodeWasFirst) {
                log.debug("Membership of the administrator created by another node");
            }
        }
        for (Grant grant : GRANTS) {
            boolean seeded = authorizations.createAuthorizationQuery().groupIdIn(grant.role().groupId())
                    .resourceType(grant.resource()).resourceId(grant.resourceId()).count() > 0;
            if (!seeded) {
                var authorization = authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
                authorization.setGroupId(grant.role().groupId());
                authorization.setResource(grant.resource());
                authorization.setResourceId(grant.resourceId());
                grant.permissions().forEach(authorization::addPermission);
                try {
                    authorizations.saveAuthorization(authorization);
                } catch (RuntimeException anotherNodeWasFirst) {
                    log.debug("Authorization for {} on {} created by another node", grant.role().groupId(),
                            grant.resource().resourceName());
                }
            }
        }
    }
}
