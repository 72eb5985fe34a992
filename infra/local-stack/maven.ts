// Artifacts from Maven Central, fetched with Maven itself into a repository under the stack
// cache, so a second `up` (or another SLUICE_HOME version) needs no download.
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { runTool } from './run-tool.ts'

export interface MavenDependency { groupId: string, artifactId: string, version: string }

export function throwawayPom (dependencies: MavenDependency[]): string {
  const lines = dependencies.map((dependency) =>
    `    <dependency><groupId>${dependency.groupId}</groupId><artifactId>${dependency.artifactId}</artifactId><version>${dependency.version}</version></dependency>`)
  return [
    '<project xmlns="http://maven.apache.org/POM/4.0.0">',
    '  <modelVersion>4.0.0</modelVersion>',
    '  <groupId>sluice.local-stack</groupId><artifactId>runtime</artifactId><version>1</version><packaging>pom</packaging>',
    '  <dependencies>',
    ...lines,
    '  </dependencies>',
    '</project>',
    ''
  ].join('\n')
}

function mavenArgs (cache: string): string[] {
  return ['-q', '-B', `-Dmaven.repo.local=${path.join(cache, 'maven')}`]
}

/** Copies `dependencies` and everything they need at run time into `outputDirectory`. */
export async function copyDependencies (cache: string, dependencies: MavenDependency[], outputDirectory: string): Promise<void> {
  await mkdir(outputDirectory, { recursive: true })
  const pom = path.join(outputDirectory, 'pom.xml')
  await writeFile(pom, throwawayPom(dependencies))
  await runTool({
    command: 'mvn',
    args: [...mavenArgs(cache), '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${path.join(outputDirectory, 'libs')}`, '-DincludeScope=runtime']
  }, `downloading ${dependencies.map((item) => `${item.artifactId}:${item.version}`).join(', ')} from Maven Central`)
}

/** Copies one artifact (e.g. `group:artifact:version:tar.gz:all`) into `outputDirectory`. */
export async function copyArtifact (cache: string, coordinates: string, outputDirectory: string): Promise<void> {
  await mkdir(outputDirectory, { recursive: true })
  await runTool({
    command: 'mvn',
    args: [...mavenArgs(cache), 'dependency:copy', `-Dartifact=${coordinates}`, `-DoutputDirectory=${outputDirectory}`],
    cwd: outputDirectory
  }, `downloading ${coordinates} from Maven Central`)
}
