package io.aigov.evaluation.rest;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;

import io.aigov.api.StrictJsonBinder;
import io.aigov.evaluation.model.UseCase;

/** Reads a submitted use case strictly, so every bad field is named in one answer. */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class UseCaseReader implements MessageBodyReader<UseCase> {

    private final StrictJsonBinder binder;

    public UseCaseReader(StrictJsonBinder binder) {
        this.binder = binder;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == UseCase.class;
    }

    @Override
    public UseCase readFrom(Class<UseCase> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> httpHeaders, InputStream entityStream) throws IOException {
        return binder.bind(entityStream, UseCase.class);
    }
}
