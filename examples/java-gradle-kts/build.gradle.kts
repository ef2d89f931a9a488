// A plain Java service built with Gradle's Kotlin DSL and the application
// plugin: no Spring, no dependencies, no wrapper (the gradle image builds it).
plugins {
    application
}

group = "com.example"
version = "1.0.0"

java {
    toolchain {
        languageVersion = JavaLanguageVersion.of(17)
    }
}

application {
    mainClass = "com.example.hello.App"
}

tasks.withType<JavaCompile>().configureEach {
    options.encoding = "UTF-8"
}
