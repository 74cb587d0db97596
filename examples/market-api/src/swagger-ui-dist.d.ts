/** swagger-ui-dist ships no types for this file: it returns the folder that holds the Swagger UI assets. */
declare module 'swagger-ui-dist/absolute-path.js' {
  const getAbsoluteFSPath: () => string;
  export default getAbsoluteFSPath;
}
