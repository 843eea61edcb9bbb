package io.aigov.dossier.service;

/** The inventory holds no use case with the id a dossier was asked for. */
public class DossierNotFoundException extends RuntimeException {

    public DossierNotFoundException(String message) {
        super(message);
    }
}
