package io.rekindle.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Deploys the journeys ({@code bpmn/}) and decisions ({@code dmn/}) shipped in the application, under
 * stable names such as {@code bpmn/new-signup-relaunch.bpmn} wherever the jar lives, and only what
 * changed: a restart with unchanged files creates no new version, and a version that marketing ops
 * deployed from the Modeler stays the latest until the shipped file itself changes.
 * Runs while the context starts, before the web server takes requests.
 */
@Component
class ModelDeployment implements InitializingBean {

    static final String DEPLOYMENT_NAME = "rekindle";
    private static final String[] FOLDERS = {"bpmn", "dmn"};

    private static final Logger log = LoggerFactory.getLogger(ModelDeployment.class);

    private final RepositoryService repository;

    ModelDeployment(RepositoryService repository) {
        this.repository = repository;
    }

    @Override
    public void afterPropertiesSet() throws IOException {
        DeploymentBuilder deployment = repository.createDeployment()
                .name(DEPLOYMENT_NAME)
                .source("rekindle application")
                .enableDuplicateFiltering(true);
        var resolver = new PathMatchingResourcePatternResolver();
        int count = 0;
        for (String folder : FOLDERS) {
            for (Resource resource : resolver.getResources("classpath*:" + folder + "/**/*." + folder)) {
                String name = stableName(resource, folder);
                try (InputStream in = resource.getInputStream()) {
                    deployment.addInputStream(name, in); // read at once by the builder
                }
                count++;
            }
        }
        if (count == 0) {
            log.warn("No journeys or decisions found on the classpath under bpmn/ or dmn/");
            return;
        }
        var result = deployment.deployWithResult();
        log.info("Models checked: {} files, {} new process and {} new decision versions deployed", count,
                result.getDeployedProcessDefinitions() == null ? 0 : result.getDeployedProcessDefinitions().size(),
                result.getDeployedDecisionDefinitions() == null ? 0 : result.getDeployedDecisionDefinitions().size());
    }

    private static String stableName(Resource resource, String folder) {
        try {
            String url = resource.getURL().toString();
            return url.substring(url.lastIndexOf("/" + folder + "/") + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
