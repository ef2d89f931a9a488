package generator

func init() { samples["java"] = javaSamples }

const javaSampleBootApp = `package com.example.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class DemoApplication {
    public static void main(String[] args) {
        SpringApplication.run(DemoApplication.class, args);
    }
}
`

func javaSampleMavenBoot(boot, java string) map[string]string {
	return map[string]string{
		"pom.xml": `<project>
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>` + boot + `</version>
  </parent>
  <groupId>com.example</groupId>
  <artifactId>demo</artifactId>
  <version>0.0.1-SNAPSHOT</version>
  <properties><java.version>` + java + `</java.version></properties>
  <build><plugins><plugin>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-maven-plugin</artifactId>
  </plugin></plugins></build>
</project>
`,
		"src/main/java/com/example/demo/DemoApplication.java": javaSampleBootApp,
		"src/main/resources/application.properties":           "server.port=8081\n",
	}
}

// javaSamples cover Maven and Gradle, Spring Boot with layer extraction
// (tools and layertools), a plain Gradle application, the wrappers, the
// build secrets and both syntax modes, on every runtime.
func javaSamples() []Sample {
	wrapped := javaSampleMavenBoot("3.3.5", "21")
	wrapped["mvnw"] = "#!/bin/sh\n"
	wrapped[".mvn/wrapper/maven-wrapper.properties"] = "distributionUrl=https\\://example.invalid/apache-maven-3.9.9-bin.zip\n"
	return []Sample{
		scannedSample("maven-boot-wrapper", wrapped, Options{Syntax: DefaultSyntax, Secrets: []string{"maven"}}),
		scannedSample("maven-boot-layertools", javaSampleMavenBoot("2.7.18", "17"), Options{Syntax: ""}),
		scannedSample("gradle-boot", map[string]string{
			"settings.gradle.kts": "rootProject.name = \"demo\"\n",
			"build.gradle.kts": `plugins {
    java
    id("org.springframework.boot") version "3.3.4"
    id("io.spring.dependency-management") version "1.1.6"
}
version = "0.0.1-SNAPSHOT"
java { toolchain { languageVersion = JavaLanguageVersion.of(21) } }
`,
			"src/main/java/com/example/demo/DemoApplication.java": javaSampleBootApp,
		}, Options{Syntax: DefaultSyntax, Secrets: []string{"gradle"}}),
		scannedSample("gradle-application", map[string]string{
			"settings.gradle.kts": "rootProject.name = \"hello\"\n",
			"build.gradle.kts": `plugins {
    application
}
java { toolchain { languageVersion = JavaLanguageVersion.of(17) } }
application { mainClass = "com.example.hello.App" }
`,
			"src/main/java/com/example/hello/App.java": "package com.example.hello;\n\npublic class App {\n    public static void main(String[] args) {}\n}\n",
		}, Options{Syntax: ""}),
	}
}
