package io.rekindle.engine;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.camunda.bpm.dmn.engine.DmnEngineException;
import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.dto.ExceptionDto;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.camunda.bpm.model.xml.ModelException;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.spi.ExtendedExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.stereotype.Component;
import org.xml.sax.SAXParseException;

/**
 * Engine REST adapter: a model file that cannot be read, deployed to {@code /engine-rest/deployment/create} (Camunda
 * Modeler's deploy button), is the sender's mistake, so 400 with the parser's message. The engine already answers
 * 400 for a BPMN file it reads but cannot run ({@link ParseException}, "ENGINE-09005 Could not parse BPMN process.",
 * the form the Modeler lists problem by problem; left as it is); for a file that is not well-formed XML, or a DMN
 * file it cannot transform, it throws a plain {@link ProcessEngineException}, which its REST layer answers with 500,
 * and the Modeler then tells the user to check the server. Everything else keeps the engine's usual answer.
 */
@Component
class DeploymentParseErrors implements ResourceConfigCustomizer {

    @Override
    public void customize(ResourceConfig config) {
        config.register(Mapper.class);
    }

    /** Ahead of the engine's own mapper for the same exception type, and only where {@link #isMappable} says so. */
    @Priority(Priorities.USER - 100)
    public static class Mapper implements ExtendedExceptionMapper<ProcessEngineException> {

        private static final Logger log = LoggerFactory.getLogger(DeploymentParseErrors.class);

        @Context
        private UriInfo uri;

        @Override
        public boolean isMappable(ProcessEngineException e) {
            return uri != null && uri.getPath().endsWith("deployment/create") && !(e instanceof ParseException)
                    && unreadableModel(e);
        }

        @Override
        public Response toResponse(ProcessEngineException e) {
            ExceptionHandlerHelper camunda = ExceptionHandlerHelper.getInstance();
            if (!isMappable(e)) {
                return camunda.getResponse(e);
            }
            ExceptionDto error = camunda.fromException(e); // the engine's error shape: type, message, code
            error.setMessage(withPosition(e));
            log.info("Deployment refused, the model cannot be read: {}", error.getMessage());
            return Response.status(Response.Status.BAD_REQUEST).entity(error).type(MediaType.APPLICATION_JSON_TYPE)
                    .build();
        }

        /**
         * Not well-formed XML (SAX), refused by the model API, a decision the DMN engine cannot transform, or a step
         * whose inputs a feature's parse check refused (an {@link IllegalArgumentException} as the cause).
         */
        private static boolean unreadableModel(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SAXParseException || t instanceof ModelException || t instanceof DmnEngineException
                        || t instanceof IllegalArgumentException) {
                    return true;
                }
            }
            return false;
        }

        /**
         * The engine's message, completed with the parser's own words where the engine left them out (it does for
         * DMN) and where the file broke: the user fixes the file from this alone.
         */
        private static String withPosition(Throwable e) {
            String message = e.getMessage();
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
                message = message + " " + root.getMessage();
            }
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SAXParseException sax && sax.getLineNumber() > 0 && !message.contains("line ")) {
                    return message + " (line " + sax.getLineNumber() + ", column " + sax.getColumnNumber() + ")";
                }
            }
            return message;
        }
    }
}
