@echo off
rem The sluice command line of this distribution on Windows: bin\sluice.cmd COMMAND [OPTIONS...]
rem   JAVA_HOME             the Java 17+ runtime to run on (else the java on PATH)
rem   SLUICE_JAVA_OPTS      JVM flags, e.g. -Xmx4g
rem   SLUICE_LOG4J2_CONFIG  a log4j2 configuration file (config\log4j2.xml is an example): log through log4j2 and
rem                         that file instead of slf4j-simple, as bin/sluice does (see there)
rem An older Java refuses to start it with UnsupportedClassVersionError (class file version 61 is Java 17).
setlocal
for %%I in ("%~dp0..") do set "SLUICE_HOME=%%~fI"
if defined JAVA_HOME (set "JAVA=%JAVA_HOME%\bin\java.exe") else (set "JAVA=java")
set "SLUICE_CP=%SLUICE_HOME%\lib\*"
set SLUICE_LOGGING=
if not defined SLUICE_LOG4J2_CONFIG goto run
rem A folder is no configuration file (a trailing backslash matches folders only).
if exist "%SLUICE_LOG4J2_CONFIG%\" goto noconfig
if not exist "%SLUICE_LOG4J2_CONFIG%" goto noconfig
set "SLUICE_CP=%SLUICE_HOME%\lib\*;%SLUICE_HOME%\lib\log4j2\*"
set SLUICE_LOGGING="-Dslf4j.provider=org.apache.logging.slf4j.SLF4JServiceProvider" "-Dslf4j.internal.verbosity=WARN" "-Dlog4j2.configurationFile=%SLUICE_LOG4J2_CONFIG%"
:run
"%JAVA%" %SLUICE_LOGGING% %SLUICE_JAVA_OPTS% "-Dsluice.home=%SLUICE_HOME%" -cp "%SLUICE_CP%" dev.sluice.cli.SluiceCli %*
exit /b %ERRORLEVEL%
:noconfig
echo sluice: SLUICE_LOG4J2_CONFIG=%SLUICE_LOG4J2_CONFIG% is not a readable file: name a log4j2 configuration, such as %SLUICE_HOME%\config\log4j2.xml 1>&2
exit /b 1
