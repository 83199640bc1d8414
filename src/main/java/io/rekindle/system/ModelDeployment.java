package io.rekindle.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import java.util.LinkedHashMap;
import java.util.Map;

import io.rekindle.engine.ProcessModels;

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

    private final ProcessModels models;

    ModelDeployment(ProcessModels models) {
        this.models = models;
    }

    @Override
    public void afterPropertiesSet() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        var resolver = new PathMatchingResourcePatternResolver();
        int count = 0;
        for (String folder : FOLDERS) {
            for (Resource resource : resolver.getResources("classpath*:" + folder + "/**/*." + folder)) {
                String name = stableName(resource, folder);
                try (InputStream in = resource.getInputStream()) {
                    files.put(name, in.readAllBytes());
                }
                count++;
            }
        }
        if (count == 0) {
            log.warn("No journeys or decisions found on the classpath under bpmn/ or dmn/");
            return;
        }
        var deployed = models.deploy(DEPLOYMENT_NAME, "rekindle application", true, files);
        log.info("Models checked: {} files, {} new process and {} new decision versions deployed", count,
                deployed.processes(), deployed.decisions());
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
