package org.sparkppo.cli;

public final class PpoMain {
    public static void main(String[] args) {
    }
}
