package io.aigov.dossier.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;

import io.aigov.decision.model.UseCase;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;

/**
 * The dossier's PDF: laid out from an HTML template with one font, embedded (PDFBox's Liberation
 * Sans, in its jar), and no resource fetched from anywhere: the renderer is refused every URI.
 */
@ApplicationScoped
public class DossierDocument {

    private static final String FONT = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";
    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_EMPTY);

    private final Template dossier;

    public DossierDocument(@Location("dossier/dossier.html") Template dossier) {
        this.dossier = dossier;
    }

    public byte[] pdf(DossierService.Contents contents) {
        String html = dossier.data("dossier", contents).data("document", this).render();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.useFont(() -> DossierDocument.class.getResourceAsStream(FONT), "Liberation Sans");
            builder.useExternalResourceAccessControl((uri, type) -> false, ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI);
            builder.useExternalResourceAccessControl((uri, type) -> false, ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI);
            builder.withHtmlContent(html, null);
            builder.toStream(out);
            builder.run();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("laying out the dossier's PDF failed", e);
        }
    }

    /** The fields of a use case as asked, by name, those left out omitted. */
    public Map<String, Object> fields(UseCase input) {
        return input == null ? Map.of() : new LinkedHashMap<>(JSON.convertValue(input, new TypeReference<Map<String, Object>>() {
        }));
    }
}
