"""Operations: health endpoints and the embedded-default process supervisor."""
