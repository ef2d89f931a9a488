package detect

import "testing"

// FuzzGradleScript: any build script, Groovy or Kotlin, is read without
// panicking or looping.
func FuzzGradleScript(f *testing.F) {
	f.Add(gradleBootKts, true)
	f.Add("plugins { id 'application' }\napplication { mainClass = 'a.B' }\n/* open", false)
	f.Add("java { toolchain { languageVersion = JavaLanguageVersion.of(", false)
	f.Add("version = \"${a}$b\"\ninclude(':x', \"y\")\nproject(':x').projectDir = file('z')", true)
	f.Fuzz(func(t *testing.T, src string, kotlin bool) {
		gb := &gradleBuild{s: &scan{report: &Report{}}, props: map[string]string{}, catalog: map[string]pluginUse{}}
		gb.analyse("build.gradle", src, kotlin)
		mainInSource("src/main/kotlin/A.kt", src, kotlin)
	})
}

// FuzzPom: any pom.xml either scans or fails with an error, never a panic.
func FuzzPom(f *testing.F) {
	f.Add(bootPom("3.3.0", "<properties><java.version>21</java.version></properties>"))
	f.Add(pom("<modules><module>a</module></modules><build><finalName>${x}</finalName></build>"))
	f.Add("<project><artifactId>x</artifactId><version>${version}</version></project>")
	f.Fuzz(func(t *testing.T, src string) {
		_, _ = Scan(javaFS(map[string]string{"pom.xml": src, "a/pom.xml": src}))
	})
}
